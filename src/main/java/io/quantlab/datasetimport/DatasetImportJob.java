package io.quantlab.datasetimport;

import io.quantlab.InvalidInputException;
import io.quantlab.data.Datasets;
import io.quantlab.data.StagedUpload;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The job that unpacks and decodes one staged upload and, when all of it loads, makes it a data set. */
public final class DatasetImportJob {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetImportJob.class);

    private final DatasetImportStore store;
    private final Datasets datasets;
    private final long maxBytes;

    public DatasetImportJob(DatasetImportStore store, Datasets datasets, long maxBytes) {
        this.store = store;
        this.datasets = datasets;
        this.maxBytes = maxBytes;
    }

    public void run(long id) {
        Optional<StagedUpload> staged = store.staged(id);
        if (staged.isEmpty() || !store.markDecoding(id)) {
            if (staged.isPresent() && store.cancelled(id)) {
                datasets.discardStaged(staged.get()); // cancelled while no worker had it
            }
            return; // gone, or finished by an earlier attempt
        }
        try {
            datasets.importStaged(staged.get(), maxBytes, new ImportProgressRecorder(id, store, Clock.systemUTC()));
            store.ready(id);
        } catch (InvalidInputException e) {
            store.fail(id, e.getMessage()); // a cancelled import stays cancelled
        } catch (RuntimeException | OutOfMemoryError e) {
            if (store.cancelled(id)) {
                return; // stopped on purpose; importStaged has removed what it had unpacked
            }
            LOG.error("importing data set upload {} failed", id, e);
            store.fail(id, "the import failed on the server: " + e);
        }
    }
}
