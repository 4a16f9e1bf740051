package io.quantlab.web.classroom;

import io.quantlab.classroom.TakenCourse;
import io.quantlab.experiment.Experiment;
import java.util.List;

/** One course card as its students see it: the course, its teachers, its baselines. */
public record StudentCourseView(TakenCourse taken, List<Experiment> baselines) {
    public long id() {
        return taken.course().id();
    }
}
