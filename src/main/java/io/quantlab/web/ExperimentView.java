package io.quantlab.web;

import io.quantlab.classroom.Course;
import io.quantlab.experiment.Experiment;
import java.util.List;

/**
 * One experiment's page. {@code courses} are those the viewer teaches, for the baseline form (empty
 * for students and for an instructor's read-only view of a student's training); {@code baselineOf}
 * names the course it is a baseline of, or null; {@code report} is null until the experiment is
 * done; {@code mayQuantize}: the viewer may start a quantization from it (theirs, or a baseline).
 */
public record ExperimentView(Page page, Experiment experiment, ExperimentStatusView status, List<Course> courses,
        String baselineOf, ReportView report, boolean mayQuantize) {
}
