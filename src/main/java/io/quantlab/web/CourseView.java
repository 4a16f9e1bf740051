package io.quantlab.web;

import io.quantlab.classroom.Course;
import io.quantlab.experiment.Experiment;
import java.util.List;

public record CourseView(Page page, List<Course> courses, List<Experiment> baselines, String error) {
}
