package io.quantlab.datasetimport;

import io.quantlab.data.ImportProgress;
import io.quantlab.jobs.JobAttempt;
import io.quantlab.jobs.JobProgress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Hears every unpacked file and decoded image of an import and writes to the database at most
 * about once a second. At those moments it also stops the import, by throwing
 * {@link ImportStoppedException}, when an instructor cancelled it or it has run longer than the
 * job time limit; at every file or image when the server is shutting down. {@link #stopReason()}
 * then says why, however the exception was wrapped on its way out.
 */
final class ImportProgressRecorder implements ImportProgress {
    private static final Duration REPORT_EVERY = Duration.ofSeconds(1);
    static final String CANCELLED = "cancelled by an instructor";
    /** The import deletes what it unpacked and its zip when stopped, so it cannot resume after the restart. */
    static final String SHUTDOWN = "The server was stopped during the import; upload the zip again.";

    private final JobAttempt attempt;
    private final DatasetImportStore store;
    private final BooleanSupplier stopping;
    private final Clock clock;
    private final Instant deadline;
    private final Duration timeLimit;
    private Instant lastReport = Instant.MIN;
    private String lastPhase = "";
    private volatile String stopReason;

    ImportProgressRecorder(JobAttempt attempt, DatasetImportStore store, BooleanSupplier stopping, Clock clock,
            Duration timeLimit) {
        this.attempt = attempt;
        this.store = store;
        this.stopping = stopping;
        this.clock = clock;
        this.timeLimit = timeLimit;
        this.deadline = clock.instant().plus(timeLimit);
    }

    /** Synchronized: images decode on several threads. */
    @Override
    public synchronized void report(String phase, long done, long total) {
        if (stopping.getAsBoolean()) {
            stop(SHUTDOWN);
        }
        Instant now = clock.instant();
        boolean phaseChanged = !phase.equals(lastPhase);
        boolean phaseDone = total > 0 && done >= total;
        if (phaseChanged || phaseDone || Duration.between(lastReport, now).compareTo(REPORT_EVERY) >= 0) {
            if (!store.progress(attempt, new JobProgress(phase, done, total, null, null))) {
                stop(CANCELLED); // a cancel moved the import out of DECODING (or another run has it)
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
