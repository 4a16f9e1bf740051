package io.quantlab.datasetimport;

import io.quantlab.jobs.JobProgress;
import java.time.Instant;

/** One data set upload and the state of its import job; {@code error} says why it failed. */
public record DatasetImport(long id, String ownerName, String name, String fileName, long sizeBytes, String format,
        DatasetImportStatus status, JobProgress progress, String error, Instant createdAt) {
}
