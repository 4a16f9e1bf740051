package io.quantlab.experiment;

import io.quantlab.train.TrainConfig;
import java.time.Instant;

/** {@code restarts}: how often a server stopping cut its run off and it started over. */
public record Experiment(long id, long ownerId, String ownerName, String kind, ExperimentStatus status,
        TrainConfig config, TrainMetrics metrics, String error, boolean cancelRequested, Instant createdAt,
        Instant startedAt, Instant finishedAt, Long baselineCourseId, int restarts) {

    public boolean isBaseline() {
        return baselineCourseId != null;
    }
}
