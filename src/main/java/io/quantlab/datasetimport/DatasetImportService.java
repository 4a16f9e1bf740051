package io.quantlab.datasetimport;

import io.quantlab.InvalidInputException;
import io.quantlab.account.User;
import io.quantlab.data.Datasets;
import io.quantlab.data.StagedUpload;
import io.quantlab.jobs.JobQueue;
import io.quantlab.store.AuditLog;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Instructors upload data sets as zips. The request does what is quick (name, size limits, zip
 * safety, the format from the zip's listing), so obvious mistakes are answered at once; a job then
 * unpacks and decodes the images, which for Tiny-ImageNet's 100,000 JPEGs takes minutes.
 */
public final class DatasetImportService {
    private static final int SHOWN = 20;

    private final DatasetImportStore store;
    private final Datasets datasets;
    private final JobQueue queue;
    private final AuditLog audit;
    private final long maxBytes;

    /** @param maxBytes limit for a zip and, separately, for its unpacked content */
    public DatasetImportService(DatasetImportStore store, Datasets datasets, JobQueue queue, AuditLog audit,
            long maxBytes) {
        this.store = store;
        this.datasets = datasets;
        this.queue = queue;
        this.audit = audit;
        this.maxBytes = maxBytes;
    }

    /**
     * Stores and checks the zip, then queues its import; returns the import's id.
     *
     * @throws InvalidInputException field "name" for a bad or taken name (also by an import under
     *                               way), field "file" for a zip that is too big, unsafe, broken or
     *                               in no known format
     */
    public long upload(User instructor, String name, String fileName, InputStream zip, long sizeBytes) {
        if (!instructor.role().teaches()) {
            throw new InvalidInputException(null, "only instructors upload data sets");
        }
        if (name != null && store.unfinished(name)) {
            throw new InvalidInputException("name", "A data set called " + InvalidInputException.quote(name)
                    + " is being imported already; wait for it to finish or choose another name.");
        }
        StagedUpload staged = datasets.stage(name, zip, maxBytes);
        Long id = null;
        try {
            id = store.insertQueued(instructor.id(), staged, shortened(fileName), sizeBytes);
            audit.record(instructor.id(), "dataset-import-queued", "#" + id + " " + name + " (" + staged.format()
                    + ", " + sizeBytes + " bytes)");
            queue.enqueue(JobQueue.DATASET_IMPORT, id);
            return id;
        } catch (RuntimeException e) {
            datasets.discardStaged(staged);
            if (id != null) {
                store.jobs().failUnclaimed(id, "could not be queued: " + e.getMessage());
            }
            throw e;
        }
    }

    /**
     * Cancels an import that has not finished: a queued one at once (its upload is deleted), one
     * being decoded at its next progress report (within about a second; its job deletes what it
     * unpacked). One that ends meanwhile keeps its ending.
     *
     * @return false when there was nothing left to cancel
     * @throws InvalidInputException when {@code instructor} does not teach
     */
    public boolean cancel(User instructor, long id) {
        if (!instructor.role().teaches()) {
            throw new InvalidInputException(null, "only instructors cancel data set uploads");
        }
        Optional<StagedUpload> staged = store.staged(id);
        if (staged.isEmpty()) {
            return false;
        }
        boolean cancelled;
        if (store.cancel(id, DatasetImportStatus.QUEUED)) {
            datasets.discardStaged(staged.get());
            cancelled = true;
        } else {
            cancelled = store.cancel(id, DatasetImportStatus.DECODING);
        }
        if (cancelled) {
            audit.record(instructor.id(), "dataset-import-cancelled", "#" + id + " " + staged.get().name());
        }
        return cancelled;
    }

    /** One upload with its state. */
    public Optional<DatasetImport> find(long id) {
        return store.find(id);
    }

    /** The latest uploads, newest first, with their state. */
    public List<DatasetImport> recent() {
        return store.recent(SHOWN);
    }

    private static String shortened(String fileName) {
        String name = fileName == null || fileName.isBlank() ? "upload.zip" : fileName.trim();
        return name.length() <= 255 ? name : name.substring(0, 255);
    }
}
