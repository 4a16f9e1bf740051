package io.quantlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quantlab.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Experiments whose row is unfinished but that the queue does not hold still end. */
class LostJobsTest {
    @Test
    void jobsTheQueueLostRunOrEndOnceAWorkerStarts() throws Exception {
        Path home = Files.createTempDirectory("quantlab-lost");
        String token;
        long neverQueued;
        long stuckRunning;
        try (TestServer webOnly = TestServer.start(home, 0)) {
            Browserless client = new Browserless(webOnly.url(""));
            token = client.apiToken(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
            neverQueued = start(client, token);
            stuckRunning = start(client, token);
            // the first as if its process died between recording and queuing it; the second as the
            // earlier versions left a job cancelled while its server was down: running, with no execution
            webOnly.sql("UPDATE experiments SET status = 'RUNNING', cancel_requested = TRUE WHERE id = "
                    + stuckRunning);
            webOnly.sql("DELETE FROM scheduled_tasks");
        }

        try (TestServer worker = TestServer.start(home, 1)) {
            Browserless client = new Browserless(worker.url(""));

            client.awaitStatus(token, stuckRunning, "cancelled", Duration.ofMinutes(1));
            client.awaitStatus(token, neverQueued, "done", Duration.ofMinutes(2));
            assertEquals(0, worker.count("SELECT COUNT(*) FROM scheduled_tasks WHERE task_name <> 'lost-jobs'"));
        }
    }

    private static long start(Browserless client, String token) throws Exception {
        HttpResponse<String> r = client.api("POST", "/api/experiments", token,
                "{\"kind\":\"train\",\"dataset\":\"synthetic\",\"model\":\"mlp\",\"trainSubset\":500}");
        assertEquals(202, r.statusCode(), r.body());
        return Browserless.json(r).get("id").asLong();
    }
}
