package io.quantlab.datasetimport;

import io.quantlab.data.ImportProgress;
import io.quantlab.jobs.JobProgress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Hears every unpacked file and decoded image of an import; writes to the database at most about
 * once a second, and then stops the import by throwing {@link ImportCancelledException} if an
 * instructor cancelled it.
 */
final class ImportProgressRecorder implements ImportProgress {
    private static final Duration REPORT_EVERY = Duration.ofSeconds(1);

    private final long importId;
    private final DatasetImportStore store;
    private final Clock clock;
    private Instant lastReport = Instant.MIN;
    private String lastPhase = "";

    ImportProgressRecorder(long importId, DatasetImportStore store, Clock clock) {
        this.importId = importId;
        this.store = store;
        this.clock = clock;
    }

    /** Synchronized: images decode on several threads. */
    @Override
    public synchronized void report(String phase, long done, long total) {
        Instant now = clock.instant();
        boolean phaseChanged = !phase.equals(lastPhase);
        boolean phaseDone = total > 0 && done >= total;
        if (phaseChanged || phaseDone || Duration.between(lastReport, now).compareTo(REPORT_EVERY) >= 0) {
            if (store.cancelled(importId)) {
                throw new ImportCancelledException();
            }
            store.progress(importId, new JobProgress(phase, done, total, null, null));
            lastReport = now;
            lastPhase = phase;
        }
    }
}
