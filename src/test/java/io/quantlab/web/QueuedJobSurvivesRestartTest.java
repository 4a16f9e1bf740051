package io.quantlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quantlab.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A job queued in the database is run by the next process that has workers. */
class QueuedJobSurvivesRestartTest {
    @Test
    void jobQueuedBeforeARestartCompletesAfterIt() throws Exception {
        Path home = Files.createTempDirectory("quantlab-restart");
        long id;
        String token;
        try (TestServer webOnly = TestServer.start(home, 0)) {
            var client = new Browserless(webOnly.url(""));
            token = client.apiToken(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
            id = Browserless.json(client.api("POST", "/api/experiments", token,
                    "{\"kind\":\"train\",\"dataset\":\"synthetic\",\"model\":\"mlp\",\"trainSubset\":500}"))
                    .get("id").asLong();
            JsonNode queued = Browserless.json(client.api("GET", "/api/experiments/" + id, token, null));
            assertEquals("queued", queued.get("status").asText());
            assertEquals(1, queued.get("queuePosition").asInt());
        }
        try (TestServer restarted = TestServer.start(home, 1)) {
            var client = new Browserless(restarted.url(""));
            JsonNode e = client.awaitStatus(token, id, "done", Duration.ofMinutes(2));
            assertTrue(e.at("/metrics/testAccuracy").asDouble() > 10.0, "better than chance on 10 classes");
        }
    }
}
