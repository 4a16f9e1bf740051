package io.quantlab.imported;

import io.quantlab.experiment.ExperimentStatus;
import java.time.Instant;

/**
 * A TorchScript network an instructor uploaded, with the state of its evaluation job;
 * {@code restarts}: how often a server stopping cut the evaluation off and it started over.
 */
public record ImportedModel(long id, String ownerName, String name, String dataset, String fileName,
        ExperimentStatus status, ImportedMetrics metrics, String error, Instant createdAt, int restarts) {
}
