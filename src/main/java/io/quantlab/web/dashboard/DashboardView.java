package io.quantlab.web.dashboard;

import io.quantlab.classroom.Course;
import io.quantlab.web.Page;

/** The dashboard page: the course and each live part as its fragment renders it. */
public record DashboardView(Page page, Course course, ActiveView active, QueueView queue, ProgressView progress,
        ScatterView scatter, BaselinesView baselines) {
}
