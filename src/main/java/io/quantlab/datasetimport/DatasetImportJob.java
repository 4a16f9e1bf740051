package io.quantlab.datasetimport;

import io.quantlab.InvalidInputException;
import io.quantlab.data.Datasets;
import io.quantlab.data.StagedUpload;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
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

    public void run(long id) {
        Optional<StagedUpload> staged = store.staged(id);
        if (staged.isEmpty() || !store.markDecoding(id)) {
            if (staged.isPresent() && store.cancelled(id)) {
                datasets.discardStaged(staged.get()); // cancelled while no worker had it
            }
            return; // gone, or finished by an earlier attempt
        }
        ImportProgressRecorder recorder = new ImportProgressRecorder(id, store, Clock.systemUTC(), timeLimit);
        try {
            datasets.importStaged(staged.get(), maxBytes, recorder);
            store.ready(id);
        } catch (InvalidInputException e) {
            // importStaged wraps what the recorder threw; a cancelled import stays cancelled
            store.fail(id, recorder.stopReason().orElse(e.getMessage()));
        } catch (RuntimeException | OutOfMemoryError e) {
            Optional<String> stopped = recorder.stopReason(); // then importStaged removed what it had unpacked
            if (stopped.isEmpty()) {
                LOG.error("importing data set upload {} failed", id, e);
            }
            store.fail(id, stopped.orElse("the import failed on the server: " + e));
        }
    }
}
