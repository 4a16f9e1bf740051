package io.quantlab.experiment;

import io.quantlab.train.TrainConfig;
import java.time.Instant;
import java.util.List;

/**
 * One experiment of any {@link ExperimentKind}. {@code metrics} is null until it is done;
 * {@code parentId} is the training a quantization started from (null for a training);
 * {@code restarts}: how often a server stopping cut its run off and it started over.
 */
public record Experiment(long id, long ownerId, String ownerName, ExperimentKind kind, ExperimentStatus status,
        ExperimentConfig config, ExperimentMetrics metrics, String error, boolean cancelRequested, Instant createdAt,
        Instant startedAt, Instant finishedAt, Long baselineCourseId, int restarts, Long parentId) {

    public boolean isBaseline() {
        return baselineCourseId != null;
    }

    /** A training's settings. */
    public TrainConfig train() {
        if (config instanceof ExperimentConfig.Training t) {
            return t.train();
        }
        throw new IllegalStateException("experiment " + id + " is a " + kind.apiName() + ", not a training");
    }

    /** What the leaderboard compares of it: its kind's results once it is done, else none. */
    public List<ExperimentResult> results() {
        return status == ExperimentStatus.DONE && metrics != null ? config.results(metrics) : List.of();
    }

    /** Its metrics as {@code type}, or null when it has none of that type. */
    public <M extends ExperimentMetrics> M metrics(Class<M> type) {
        return type.isInstance(metrics) ? type.cast(metrics) : null;
    }
}
