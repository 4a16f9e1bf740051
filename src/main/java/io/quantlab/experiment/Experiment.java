package io.quantlab.experiment;

import io.quantlab.train.TrainConfig;
import java.time.Instant;

public record Experiment(long id, long ownerId, String ownerName, String kind, ExperimentStatus status,
        TrainConfig config, TrainMetrics metrics, String error, boolean cancelRequested, Instant createdAt,
        Instant startedAt, Instant finishedAt, Long baselineCourseId) {

    public boolean isBaseline() {
        return baselineCourseId != null;
    }
}
