package io.quantlab.web.dashboard;

import io.quantlab.dashboard.CourseDashboard;

/**
 * The course's baselines and the instructor's trainings to publish as one, with the forms' token;
 * {@code viewerId} withdraws only their own (a co-instructor's baseline is theirs to withdraw).
 */
public record BaselinesView(long courseId, CourseDashboard.Baselines baselines, String csrfToken, long viewerId) {
}
