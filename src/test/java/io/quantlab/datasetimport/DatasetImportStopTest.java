package io.quantlab.datasetimport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.account.Role;
import io.quantlab.account.UserStore;
import io.quantlab.data.StagedUpload;
import io.quantlab.jobs.JobAttempt;
import io.quantlab.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stopping an import (cancelled, or out of time) on a real H2 file database with all migrations. */
class DatasetImportStopTest {
    private static final Duration LIMIT = Duration.ofMinutes(30);
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
        JobAttempt run = store.jobs().claim(id).orElseThrow();
        ImportProgressRecorder recorder = new ImportProgressRecorder(run, store, () -> false, Clock.systemUTC(), LIMIT);
        recorder.report("unpacking", 1, 10);

        assertFalse(store.cancel(id, DatasetImportStatus.QUEUED), "it is not queued any more");
        assertTrue(store.cancel(id, DatasetImportStatus.DECODING));

        assertThrows(ImportStoppedException.class, () -> recorder.report("decoding", 0, 10));
        assertEquals(DatasetImportStatus.CANCELLED, store.find(id).orElseThrow().status());
        assertEquals(ImportProgressRecorder.CANCELLED, recorder.stopReason().orElseThrow());
    }

    @Test
    void anImportPastTheTimeLimitStopsAndFailsSayingWhy() {
        JobAttempt run = store.jobs().claim(id).orElseThrow();
        Instant start = Instant.parse("2026-11-27T10:00:00Z");
        Instant[] now = {start};
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        ImportProgressRecorder recorder = new ImportProgressRecorder(run, store, () -> false, clock, LIMIT);
        now[0] = start.plus(LIMIT);
        recorder.report("decoding", 5, 10);
        assertTrue(recorder.stopReason().isEmpty(), "at the limit it may still finish");

        now[0] = start.plus(LIMIT).plusSeconds(2);
        assertThrows(ImportStoppedException.class, () -> recorder.report("decoding", 6, 10));
        store.jobs().fail(run, recorder.stopReason().orElseThrow());

        DatasetImport ended = store.find(id).orElseThrow();
        assertEquals(DatasetImportStatus.FAILED, ended.status());
        assertTrue(ended.error().startsWith("The import took longer than the job time limit of 30 minutes"),
                ended.error());
    }

    @Test
    void aFailureAfterTheCancelLeavesItCancelled() {
        JobAttempt run = store.jobs().claim(id).orElseThrow();
        assertTrue(store.cancel(id, DatasetImportStatus.DECODING));

        assertFalse(store.jobs().fail(run, "The zip holds Tiny-ImageNet-200 files but they do not load: "
                + "cancelled by an instructor"));

        assertEquals(DatasetImportStatus.CANCELLED, store.find(id).orElseThrow().status());
        assertNull(store.find(id).orElseThrow().error());
        assertFalse(store.cancel(id, DatasetImportStatus.DECODING), "nothing left to cancel");
    }

    @Test
    void aWorkerDoesNotStartACancelledImport() {
        assertTrue(store.cancel(id, DatasetImportStatus.QUEUED));

        assertTrue(store.jobs().claim(id).isEmpty());
        assertEquals(DatasetImportStatus.CANCELLED, store.find(id).orElseThrow().status());
    }

    @Test
    void aRunWhoseImportWasTakenOverStopsAndCannotMarkItReady() {
        JobAttempt first = store.jobs().claim(id).orElseThrow();
        ImportProgressRecorder recorder = new ImportProgressRecorder(first, store, () -> false, Clock.systemUTC(),
                LIMIT);
        JobAttempt second = store.jobs().claim(id).orElseThrow(); // the first one's worker was found dead

        assertThrows(ImportStoppedException.class, () -> recorder.report("unpacking", 1, 10));
        store.ready(first);

        assertEquals(DatasetImportStatus.DECODING, store.find(id).orElseThrow().status());
        assertEquals(1, store.find(id).orElseThrow().restarts());
        store.ready(second);
        assertEquals(DatasetImportStatus.READY, store.find(id).orElseThrow().status());
    }

    @Test
    void aShutdownStopsADecodingImportAtItsNextFile() {
        JobAttempt run = store.jobs().claim(id).orElseThrow();
        boolean[] stopping = {false};
        ImportProgressRecorder recorder = new ImportProgressRecorder(run, store, () -> stopping[0], Clock.systemUTC(),
                LIMIT);
        recorder.report("unpacking", 1, 10);

        stopping[0] = true;

        assertThrows(ImportStoppedException.class, () -> recorder.report("unpacking", 2, 10));
        assertEquals(ImportProgressRecorder.SHUTDOWN, recorder.stopReason().orElseThrow());
    }
}
