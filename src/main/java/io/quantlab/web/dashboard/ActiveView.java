package io.quantlab.web.dashboard;

import io.quantlab.dashboard.ActiveStudent;
import io.quantlab.dashboard.CourseDashboard;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Who of the course's {@code students} used QuantLab within {@link CourseDashboard#ACTIVE_WINDOW} of {@code now}. */
public record ActiveView(long courseId, int students, List<ActiveStudent> active, Instant now) {

    public long windowMinutes() {
        return CourseDashboard.ACTIVE_WINDOW.toMinutes();
    }

    /** "just now" or "3 min ago". */
    public String ago(ActiveStudent s) {
        long minutes = Duration.between(s.lastActiveAt(), now).toMinutes();
        return minutes < 1 ? "just now" : minutes + " min ago";
    }
}
