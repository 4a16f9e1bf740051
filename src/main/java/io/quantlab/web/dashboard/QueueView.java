package io.quantlab.web.dashboard;

import io.quantlab.dashboard.QueuedJob;
import java.util.List;
import java.util.Locale;

/** The students' waiting and running experiments. */
public record QueueView(long courseId, List<QueuedJob> jobs) {

    public long running() {
        return jobs.stream().filter(j -> j.queuePosition() == 0).count();
    }

    public static String percent(QueuedJob job) {
        return String.format(Locale.ROOT, "%.0f", job.progress().percent());
    }
}
