package io.quantlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quantlab.ChildServer;
import io.quantlab.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Jobs running when their server process is killed (SIGKILL) or stopped (SIGTERM): each still
 * ends done, failed or cancelled, and one that started over says so. The servers are child JVMs.
 */
class JobsAcrossServerStopsTest {
    private static final String LONG_TRAINING = "{\"kind\":\"train\",\"dataset\":\"synthetic\",\"model\":\"mlp\","
            + "\"epochs\":15,\"trainSubset\":2000,\"batchSize\":1}";
    private static final String SHORT_TRAINING = "{\"kind\":\"train\",\"dataset\":\"synthetic\",\"model\":\"mlp\","
            + "\"epochs\":3,\"trainSubset\":2000,\"batchSize\":1}";

    @Test
    void jobsRunningWhenTheServerIsKilledEndAfterItsRestart() throws Exception {
        Path home = Files.createTempDirectory("quantlab-killed");
        String token;
        long cancelled;
        long resumed;
        try (ChildServer first = ChildServer.start(home, 2)) {
            Browserless client = new Browserless(first.url(""));
            token = client.apiToken(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
            cancelled = start(client, token, LONG_TRAINING);
            resumed = start(client, token, SHORT_TRAINING);
            awaitTraining(client, token, cancelled);
            awaitTraining(client, token, resumed);

            first.kill();
        }

        try (ChildServer second = ChildServer.start(home, 1)) {
            Browserless client = new Browserless(second.url(""));
            HttpResponse<String> cancel = client.api("DELETE", "/api/experiments/" + cancelled, token, null);
            assertEquals(202, cancel.statusCode(), cancel.body());

            client.awaitStatus(token, cancelled, "cancelled", Duration.ofMinutes(1));
            JsonNode done = client.awaitStatus(token, resumed, "done", Duration.ofMinutes(3));

            assertEquals(1, done.get("restarts").asInt(), done.toString());
            assertEquals("done", done.at("/progress/phase").asText());
            assertEquals(3 * 2000, done.at("/progress/steps").asLong(), "batches of all epochs, counted afresh");
            assertEquals(3 * 2000, done.at("/progress/step").asLong());
            Browserless page = new Browserless(second.url(""));
            page.signIn(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
            assertTrue(page.get("/experiments/" + resumed).body().contains("restarted after a server restart"));
            assertEquals(0, unfinished(client, token), "nothing left counting against the limit");
        }
    }

    @Test
    void aStoppedServerPutsItsRunningJobBackInTheQueueAtOnce() throws Exception {
        Path home = Files.createTempDirectory("quantlab-stopped");
        String token;
        long id;
        try (ChildServer server = ChildServer.start(home, 1)) {
            Browserless client = new Browserless(server.url(""));
            token = client.apiToken(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
            id = start(client, token, LONG_TRAINING);
            awaitTraining(client, token, id);

            server.stop();
        }

        assertEquals(1, TestServer.count(home, "SELECT COUNT(*) FROM experiments WHERE id = " + id
                + " AND status = 'QUEUED'"), "back in the queue, not left running");
        assertEquals(0, TestServer.count(home, "SELECT COUNT(*) FROM scheduled_tasks WHERE picked "
                + "AND task_name = 'experiment'"),
                "no worker holds it: the next one takes it without waiting for it to be found dead");
        try (ChildServer restarted = ChildServer.start(home, 1)) {
            Browserless client = new Browserless(restarted.url(""));
            JsonNode running = client.awaitStatus(token, id, "running", Duration.ofMinutes(1));
            assertEquals(1, running.get("restarts").asInt());

            client.api("DELETE", "/api/experiments/" + id, token, null);

            client.awaitStatus(token, id, "cancelled", Duration.ofMinutes(1));
        }
    }

    private static long start(Browserless client, String token, String body) throws Exception {
        HttpResponse<String> r = client.api("POST", "/api/experiments", token, body);
        assertEquals(202, r.statusCode(), r.body());
        return Browserless.json(r).get("id").asLong();
    }

    /** Waits until the experiment reports training batches: its run is under way. */
    private static void awaitTraining(Browserless client, String token, long id) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        JsonNode e = null;
        while (Instant.now().isBefore(deadline)) {
            e = Browserless.json(client.api("GET", "/api/experiments/" + id, token, null));
            if ("training".equals(e.at("/progress/phase").asText()) && e.at("/progress/step").asLong() > 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("experiment " + id + " did not start training: " + e);
    }

    private static long unfinished(Browserless client, String token) throws Exception {
        JsonNode all = Browserless.json(client.api("GET", "/api/experiments", token, null));
        long n = 0;
        for (JsonNode e : all) {
            n += e.get("status").asText().matches("queued|running") ? 1 : 0;
        }
        return n;
    }
}
