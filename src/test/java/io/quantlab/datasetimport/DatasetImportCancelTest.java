package io.quantlab.datasetimport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.account.Role;
import io.quantlab.account.UserStore;
import io.quantlab.data.StagedUpload;
import io.quantlab.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cancelling an import on a real H2 file database with all migrations. */
class DatasetImportCancelTest {
    private Database db;
    private DatasetImportStore store;
    private long id;

    @BeforeEach
    void openDatabase() throws IOException {
        String url = "jdbc:h2:file:" + Files.createTempDirectory("quantlab-imports").resolve("quantlab");
        db = Database.open(url, "sa", "", Path.of("migrations"));
        store = new DatasetImportStore(db);
        long owner = db.transaction(tx -> new UserStore(db).insert(tx, "ada@example.org", "Ada", "x", Role.ADMIN));
        id = store.insertQueued(owner, new StagedUpload("tiny", ".upload-1", "Tiny-ImageNet-200"), "tiny.zip", 10);
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    @Test
    void aDecodingImportStopsAtItsNextProgressReport() {
        assertTrue(store.markDecoding(id));
        ImportProgressRecorder recorder = new ImportProgressRecorder(id, store, Clock.systemUTC());
        recorder.report("unpacking", 1, 10);

        assertFalse(store.cancel(id, DatasetImportStatus.QUEUED), "it is not queued any more");
        assertTrue(store.cancel(id, DatasetImportStatus.DECODING));

        assertThrows(ImportCancelledException.class, () -> recorder.report("decoding", 0, 10));
        assertEquals(DatasetImportStatus.CANCELLED, store.find(id).orElseThrow().status());
    }

    @Test
    void aFailureAfterTheCancelLeavesItCancelled() {
        assertTrue(store.cancel(id, DatasetImportStatus.QUEUED));
        assertFalse(store.markDecoding(id), "a worker does not start a cancelled import");

        store.fail(id, "The zip holds Tiny-ImageNet-200 files but they do not load: cancelled by an instructor");

        assertEquals(DatasetImportStatus.CANCELLED, store.find(id).orElseThrow().status());
        assertNull(store.find(id).orElseThrow().error());
        assertFalse(store.cancel(id, DatasetImportStatus.DECODING), "nothing left to cancel");
    }
}
