package io.quantlab.web;

import io.quantlab.classroom.Course;
import io.quantlab.experiment.Experiment;
import java.util.List;

/**
 * One experiment's page. {@code courses} are those the viewer teaches (empty for students), for
 * the baseline form; {@code baselineOf} names the course it is a baseline of, or null;
 * {@code report} is null until the experiment is done.
 */
public record ExperimentView(Page page, Experiment experiment, ExperimentStatusView status, List<Course> courses,
        String baselineOf, ReportView report) {
}
