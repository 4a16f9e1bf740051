package io.quantlab.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Whatever a kind's work does, a run leaves its job ended or back in the queue. */
class JobRunTest {
    private QueuedExperiment job;
    private long id;
    private final List<Long> leftBehind = new ArrayList<>();

    @BeforeEach
    void openDatabase() throws IOException {
        job = new QueuedExperiment();
        id = job.id;
    }

    @AfterEach
    void closeDatabase() {
        job.close();
    }

    @Test
    void workThatThrowsFailsTheJobSayingWhat() {
        assertFalse(JobRun.run(kind((attempt, stopping) -> {
            throw new IllegalStateException("no such tensor");
        }), id, () -> false));

        assertEquals("FAILED", column("status"));
        assertEquals("The job failed on the server: java.lang.IllegalStateException: no such tensor", column("error"));
    }

    @Test
    void aDatabaseErrorTellsTheUserItsFirstLineNotItsSql() {
        JobRun.run(kind((attempt, stopping) -> {
            throw new IllegalStateException("Value too long for column \"PHASE\"; SQL statement:\n"
                    + "INSERT INTO job_progress (experiment_id) VALUES (?)" + "x".repeat(500));
        }), id, () -> false);

        assertEquals("The job failed on the server: java.lang.IllegalStateException: Value too long for column "
                + "\"PHASE\"; SQL statement:", column("error"));
    }

    @Test
    void workThatReturnsWithoutAnEndingFailsTheJob() {
        assertFalse(JobRun.run(kind((attempt, stopping) -> { }), id, () -> false));

        assertEquals("FAILED", column("status"));
        assertEquals("The job stopped without a result.", column("error"));
    }

    @Test
    void workStoppedByAShutdownPutsTheJobBackInTheQueue() {
        assertTrue(JobRun.run(kind((attempt, stopping) -> assertTrue(stopping.getAsBoolean())), id, () -> true));

        assertEquals("QUEUED", column("status"));
        assertEquals("1", column("restarts"));
    }

    @Test
    void workThatBreaksOffAsTheServerStopsGoesBackInTheQueue() {
        assertTrue(JobRun.run(kind((attempt, stopping) -> {
            throw new IllegalStateException(new InterruptedException("the scheduler's shutdown interrupted it"));
        }), id, () -> true));

        assertEquals("QUEUED", column("status"));
    }

    @Test
    void workStoppedByAShutdownAfterACancelEndsCancelled() {
        assertFalse(JobRun.run(kind((attempt, stopping) -> job.cancelRequested()), id, () -> true));

        assertEquals("CANCELLED", column("status"));
        assertEquals(List.of(id), leftBehind);
    }

    @Test
    void aJobCancelledBeforeItsRunIsNotWorkedOnAndItsLeftoversAreFreed() {
        job.db.update("UPDATE experiments SET status = 'CANCELLED' WHERE id = ?", id);
        boolean[] worked = {false};

        assertFalse(JobRun.run(kind((attempt, stopping) -> worked[0] = true), id, () -> false));

        assertFalse(worked[0]);
        assertEquals(List.of(id), leftBehind);
    }

    @Test
    void aWorkerFoundDeadPutsItsJobBackInTheQueue() {
        job.jobs.claim(id).orElseThrow();

        assertTrue(JobRun.workerGone(kind((attempt, stopping) -> { }), id));

        assertEquals("QUEUED", column("status"));
    }

    private String column(String name) {
        return job.column(name);
    }

    private JobKind kind(JobKind.Work work) {
        return new JobKind("test", job.jobs, work, leftBehind::add);
    }
}
