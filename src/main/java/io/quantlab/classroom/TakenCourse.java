package io.quantlab.classroom;

import java.util.List;

/** A course as its students see it: its name and who teaches it (exercises join it next). */
public record TakenCourse(Course course, List<String> instructorNames) {
}
