package io.quantlab.datasetimport;

import io.quantlab.data.ImportProgress;
import io.quantlab.jobs.JobProgress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Hears every unpacked file and decoded image of an import and writes to the database at most
 * about once a second. At those moments it also stops the import, by throwing
 * {@link ImportStoppedException}, when an instructor cancelled it or it has run longer than the
 * job time limit; {@link #stopReason()} then says why, however the exception was wrapped on its
 * way out.
 */
final class ImportProgressRecorder implements ImportProgress {
    private static final Duration REPORT_EVERY = Duration.ofSeconds(1);
    static final String CANCELLED = "cancelled by an instructor";

    private final long importId;
    private final DatasetImportStore store;
    private final Clock clock;
    private final Instant deadline;
    private final Duration timeLimit;
    private Instant lastReport = Instant.MIN;
    private String lastPhase = "";
    private volatile String stopReason;

    ImportProgressRecorder(long importId, DatasetImportStore store, Clock clock, Duration timeLimit) {
        this.importId = importId;
        this.store = store;
        this.clock = clock;
        this.timeLimit = timeLimit;
        this.deadline = clock.instant().plus(timeLimit);
    }

    /** Synchronized: images decode on several threads. */
    @Override
    public synchronized void report(String phase, long done, long total) {
        Instant now = clock.instant();
        boolean phaseChanged = !phase.equals(lastPhase);
        boolean phaseDone = total > 0 && done >= total;
        if (phaseChanged || phaseDone || Duration.between(lastReport, now).compareTo(REPORT_EVERY) >= 0) {
            if (!store.progress(importId, new JobProgress(phase, done, total, null, null))) {
                stop(CANCELLED); // only a cancel moves an import out of DECODING while its job runs
            }
            if (now.isAfter(deadline)) {
                stop("The import took longer than the job time limit of " + timeLimit.toMinutes()
                        + " minutes and was stopped; upload a smaller data set or ask for a longer limit"
                        + " (QUANTLAB_JOB_TIME_LIMIT_MINUTES).");
            }
            lastReport = now;
            lastPhase = phase;
        }
    }

    /** Why the import was stopped, if it was. */
    Optional<String> stopReason() {
        return Optional.ofNullable(stopReason);
    }

    private void stop(String reason) {
        stopReason = reason;
        throw new ImportStoppedException(reason);
    }
}
