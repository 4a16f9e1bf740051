package io.quantlab.datasetimport;

import io.quantlab.InvalidInputException;
import io.quantlab.data.Datasets;
import io.quantlab.data.StagedUpload;
import io.quantlab.jobs.JobAttempt;
import io.quantlab.jobs.JobKind;
import io.quantlab.jobs.JobQueue;
import io.quantlab.jobs.JobTable;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The job that unpacks and decodes one staged upload and, when all of it loads, makes it a data set. */
public final class DatasetImportJob {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetImportJob.class);

    private final DatasetImportStore store;
    private final Datasets datasets;
    private final long maxBytes;
    private final Duration timeLimit;

    /** {@code timeLimit}: an import running longer is stopped and fails saying so. */
    public DatasetImportJob(DatasetImportStore store, Datasets datasets, long maxBytes, Duration timeLimit) {
        this.store = store;
        this.datasets = datasets;
        this.maxBytes = maxBytes;
        this.timeLimit = timeLimit;
    }

    public JobKind kind() {
        return new JobKind(JobQueue.DATASET_IMPORT, store.jobs(), this::run, this::leftBehind);
    }

    /** A stopped import deletes its upload (nothing is left behind), so one stopped for a shutdown fails. */
    private void run(JobAttempt attempt, BooleanSupplier stopping) {
        long id = attempt.id();
        StagedUpload staged = store.staged(id).orElseThrow();
        ImportProgressRecorder recorder = new ImportProgressRecorder(attempt, store, stopping, Clock.systemUTC(),
                timeLimit);
        try {
            datasets.importStaged(staged, maxBytes, recorder);
            store.ready(attempt);
        } catch (InvalidInputException e) {
            // importStaged wraps what the recorder threw; a cancelled import stays cancelled
            store.jobs().fail(attempt, recorder.stopReason().orElse(e.getMessage()));
        } catch (RuntimeException | OutOfMemoryError e) {
            Optional<String> stopped = recorder.stopReason(); // then importStaged removed what it had unpacked
            if (stopped.isEmpty()) {
                LOG.error("importing data set upload {} failed", id, e);
            }
            store.jobs().fail(attempt, stopped.orElse("the import failed on the server: " + JobTable.failureReason(e)));
        }
    }

    /** The import ended without its run seeing it (e.g. cancelled while its worker was gone): its upload goes. */
    private void leftBehind(long id) {
        store.staged(id).ifPresent(datasets::discardStaged);
    }
}
