package io.quantlab.datasetimport;

import io.quantlab.jobs.JobProgress;
import java.time.Instant;

/**
 * One data set upload and the state of its import job; {@code error} says why it failed,
 * {@code restarts} how often a server stopping cut the import off and it started over.
 */
public record DatasetImport(long id, String ownerName, String name, String fileName, long sizeBytes, String format,
        DatasetImportStatus status, JobProgress progress, String error, Instant createdAt, int restarts) {
}
