package io.quantlab.web;

import io.quantlab.classroom.Course;
import java.util.List;

public record CourseView(Page page, List<Course> courses, String error) {
}
