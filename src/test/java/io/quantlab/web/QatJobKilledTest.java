package io.quantlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quantlab.ChildServer;
import io.quantlab.TestServer;
import io.quantlab.deploy.DeployedModel;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A quantization-aware fine-tuning whose server is killed (SIGKILL) while it trains: after the
 * restart it runs again from its parent and ends with one complete result (metrics, a deployable
 * model, its fine-tuned parameters), not half of one and not two. The server is killed again the
 * moment the result is reported: a result once reported done stays stored (H2 writes commits at once).
 */
class QatJobKilledTest {
    private static final String PARENT = "{\"kind\":\"train\",\"dataset\":\"synthetic\",\"model\":\"mlp\","
            + "\"epochs\":1,\"trainSubset\":2000,\"batchSize\":1}";

    @Test
    void aQatJobKilledWhileTrainingEndsDoneOnceAfterTheRestart() throws Exception {
        Path home = Files.createTempDirectory("quantlab-qat-killed");
        String token;
        long qat;
        try (ChildServer first = ChildServer.start(home, 1)) {
            Browserless client = new Browserless(first.url(""));
            token = client.apiToken(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
            long parent = start(client, token, PARENT);
            client.awaitStatus(token, parent, "done", Duration.ofMinutes(3));
            qat = start(client, token, "{\"kind\":\"qat\",\"parent\":" + parent + ",\"epochs\":3}");
            awaitFineTuning(client, token, qat);

            first.kill();
        }
        assertEquals(1, TestServer.count(home, "SELECT COUNT(*) FROM experiments WHERE id = " + qat
                + " AND status = 'RUNNING'"), "killed mid-run: nothing finished it");

        try (ChildServer second = ChildServer.start(home, 1)) {
            Browserless client = new Browserless(second.url(""));
            JsonNode done = client.awaitStatus(token, qat, "done", Duration.ofMinutes(5));

            assertEquals(1, done.get("restarts").asInt(), done.toString());
            JsonNode m = done.get("metrics");
            assertEquals(3, m.get("epochs").asInt(), m.toString());
            assertTrue(m.get("deployedAccuracy").isNumber(), m.toString());
            HttpResponse<byte[]> model = client.download("/api/experiments/" + qat + "/model.onnx", token);
            assertEquals(200, model.statusCode());
            try (DeployedModel loaded = DeployedModel.load(model.body())) {
                assertEquals(1, loaded.predict(new float[28 * 28], 1).length);
            }
        }
        assertEquals(1, TestServer.count(home, "SELECT COUNT(*) FROM artifacts WHERE experiment_id = " + qat
                + " AND kind = 'model.onnx'"), "one result, not two, and still there after a kill -9 right after it was reported");
        assertEquals(1, TestServer.count(home, "SELECT COUNT(*) FROM artifacts WHERE experiment_id = " + qat
                + " AND kind = 'parameters'"));
    }

    private static long start(Browserless client, String token, String body) throws Exception {
        HttpResponse<String> r = client.api("POST", "/api/experiments", token, body);
        assertEquals(202, r.statusCode(), r.body());
        return Browserless.json(r).get("id").asLong();
    }

    /** Waits until the fine-tuning reports training batches of its first epoch. */
    private static void awaitFineTuning(Browserless client, String token, long id) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        JsonNode e = null;
        while (Instant.now().isBefore(deadline)) {
            e = Browserless.json(client.api("GET", "/api/experiments/" + id, token, null));
            if ("training".equals(e.at("/progress/phase").asText()) && e.at("/progress/step").asLong() > 100) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("experiment " + id + " did not start fine-tuning: " + e);
    }
}
