package io.quantlab.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A job's states across claims, stopped workers and cancels, on the experiments table of a real H2 database. */
class JobTableTest {
    private QueuedExperiment job;
    private JobTable jobs;
    private long id;

    @BeforeEach
    void openDatabase() throws IOException {
        job = new QueuedExperiment();
        jobs = job.jobs;
        id = job.id;
    }

    @AfterEach
    void closeDatabase() {
        job.close();
    }

    @Test
    void aJobWhoseWorkerStoppedGoesBackInTheQueueAndItsOldRunCanWriteNoMore() {
        JobAttempt first = jobs.claim(id).orElseThrow();
        assertEquals("RUNNING", status());

        assertTrue(jobs.requeue(id));

        assertEquals("QUEUED", status());
        assertEquals(JobTable.RunState.GONE, jobs.state(first));
        assertFalse(jobs.whileCurrent(first, tx -> tx.update("UPDATE experiments SET error = 'stale' WHERE id = ?",
                id)));
        assertFalse(jobs.fail(first, "the old run's failure"));
        JobAttempt second = jobs.claim(id).orElseThrow();
        assertEquals(1, second.restarts());
        assertTrue(second.restarted());
        assertEquals(JobTable.RunState.CURRENT, jobs.state(second));
        assertEquals("RUNNING", status());
    }

    @Test
    void aJobThatCouldNotBeQueuedFailsSayingWhy() {
        assertTrue(jobs.failUnclaimed(id, "could not be queued: the database went away"));
        assertEquals("FAILED", status());
        assertEquals("could not be queued: the database went away", job.column("error"));
        assertTrue(jobs.claim(id).isEmpty());
    }

    @Test
    void aJobARunHasTakenIsNotFailedAsUnqueued() {
        JobAttempt run = jobs.claim(id).orElseThrow();
        assertFalse(jobs.failUnclaimed(id, "too late"));
        assertEquals("RUNNING", status());
        assertEquals(JobTable.RunState.CURRENT, jobs.state(run));
    }

    @Test
    void aRunningJobCancelledWhileItsWorkerWasGoneEndsCancelled() {
        jobs.claim(id).orElseThrow();
        cancelRequested();

        assertFalse(jobs.requeue(id));

        assertEquals("CANCELLED", status());
        assertTrue(jobs.claim(id).isEmpty());
    }

    @Test
    void aRevivedJobThatWasCancelledEndsCancelledInsteadOfStartingOrStayingRunning() {
        jobs.claim(id).orElseThrow();
        cancelRequested();

        assertTrue(jobs.claim(id).isEmpty(), "its worker died and db-scheduler ran it again");

        assertEquals("CANCELLED", status());
    }

    @Test
    void aRunTakenOverWithoutARequeueCountsAsARestartAndFencesTheOldRun() {
        JobAttempt first = jobs.claim(id).orElseThrow();

        JobAttempt second = jobs.claim(id).orElseThrow();

        assertEquals(1, second.restarts());
        assertEquals(JobTable.RunState.GONE, jobs.state(first));
        assertTrue(jobs.cancel(second));
        assertEquals("CANCELLED", status());
    }

    @Test
    void aJobCutOffMoreThanTheLimitFailsSayingWhy() {
        for (int i = 0; i < JobTable.MAX_RESTARTS; i++) {
            jobs.claim(id).orElseThrow();
            assertTrue(jobs.requeue(id));
        }
        JobAttempt last = jobs.claim(id).orElseThrow();

        assertFalse(jobs.requeue(last));

        assertEquals("FAILED", status());
        String error = job.column("error");
        assertTrue(error.startsWith("The server stopped 4 times while this job ran"), error);
    }

    @Test
    void aQueuedJobWhoseWorkerDiedBeforeClaimingItStaysQueuedWithoutARestart() {
        assertTrue(jobs.requeue(id));

        assertEquals("QUEUED", status());
        assertEquals(0, jobs.claim(id).orElseThrow().restarts());
    }

    @Test
    void anEndedJobIsNeitherRequeuedNorClaimed() {
        JobAttempt run = jobs.claim(id).orElseThrow();
        assertTrue(jobs.fail(run, "out of memory"));

        assertFalse(jobs.requeue(id));
        assertTrue(jobs.claim(id).isEmpty());
        assertEquals("FAILED", status());
    }

    private String status() {
        return job.column("status");
    }

    private void cancelRequested() {
        job.cancelRequested();
    }
}
