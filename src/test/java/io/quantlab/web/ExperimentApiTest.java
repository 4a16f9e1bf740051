package io.quantlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quantlab.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JSON API end to end: tokens, validation, a real training job, cancelling one. */
class ExperimentApiTest extends ServerTest {
    private static Browserless client;
    private static String token;

    @BeforeAll
    static void prepare() throws Exception {
        client = new Browserless(server.url(""));
        token = client.apiToken(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
    }

    @Test
    void tokenNeedsTheRightPassword() throws Exception {
        HttpResponse<String> r = client.api("POST", "/api/tokens", null,
                "{\"email\":\"" + TestServer.ADMIN_EMAIL + "\",\"password\":\"guess\"}");
        assertEquals(401, r.statusCode());
        assertEquals("email or password is wrong", Browserless.json(r).get("error").asText());
    }

    @Test
    void callsWithoutAValidTokenAreUnauthorized() throws Exception {
        assertEquals(401, client.api("GET", "/api/experiments/1", null, null).statusCode());
        assertEquals(401, client.api("GET", "/api/experiments/1", "ql_made-up", null).statusCode());
    }

    @Test
    void badRequestsNameTheFieldAndWriteNothing() throws Exception {
        int before = Browserless.json(client.api("GET", "/api/experiments", token, null)).size();
        assertBad("{\"kind\":\"train\",\"dataset\":\"synthetic\",\"model\":\"mlp\",\"epochs\":51}", "epochs", "1 and 50");
        assertBad("{\"kind\":\"train\",\"dataset\":\"synthetic\",\"model\":\"mlp\",\"batchSize\":0}", "batchSize", "1024");
        assertBad("{\"kind\":\"train\",\"dataset\":\"synthetic\",\"model\":\"mlp\",\"learningRate\":0}", "learningRate", "(0, 1]");
        assertBad("{\"kind\":\"train\",\"dataset\":\"synthetic\",\"model\":\"mlp\",\"optimizer\":\"rmsprop\"}", "optimizer", "adam");
        assertBad("{\"kind\":\"train\",\"dataset\":\"imagenet\",\"model\":\"mlp\"}", "dataset", "fashion-mnist");
        assertBad("{\"kind\":\"train\",\"dataset\":\"synthetic\",\"model\":\"gpt\"}", "model", "small-cnn");
        assertBad("{\"kind\":\"train\",\"dataset\":\"synthetic\",\"model\":\"mlp\",\"epochs\":\"two\"}", "epochs", "whole number");
        assertBad("{\"kind\":\"train\",\"dataset\":\"synthetic\",\"model\":\"mlp\",\"schedule\":\"linear\"}", "schedule", "cosine");
        assertBad("{\"kind\":\"train\",\"dataset\":\"synthetic\",\"model\":\"mlp\",\"earlyStoppingPatience\":21}",
                "earlyStoppingPatience", "1 and 20");
        assertBad("{\"kind\":\"train\",\"dataset\":\"synthetic\",\"model\":\"mlp\",\"modelOptions\":{\"hidden\":[9999]}}",
                "modelOptions", "8–2048");
        assertBad("{\"kind\":\"evaluate\",\"dataset\":\"synthetic\",\"model\":\"mlp\"}", "kind", "train");
        HttpResponse<String> malformed = client.api("POST", "/api/experiments", token, "{\"kind\":");
        assertEquals(400, malformed.statusCode());
        assertTrue(Browserless.json(malformed).get("error").asText().startsWith("malformed JSON"));
        assertEquals(before, Browserless.json(client.api("GET", "/api/experiments", token, null)).size());
    }

    @Test
    void trainingJobReachesStatedAccuracyWithAllMetrics() throws Exception {
        String dataset = TestServer.trainingDataset();
        int subset = dataset.equals("synthetic") ? 2000 : 6000; // the synthetic set has 2,000 training images
        HttpResponse<String> r = client.api("POST", "/api/experiments", token, "{\"kind\":\"train\",\"dataset\":\""
                + dataset + "\",\"model\":\"mlp\",\"epochs\":1,\"batchSize\":64,\"trainSubset\":" + subset
                + ",\"seed\":1}");
        assertEquals(202, r.statusCode(), r.body());
        long id = Browserless.json(r).get("id").asLong();

        JsonNode done = waitFor(id, "done", Duration.ofMinutes(3));
        JsonNode m = done.get("metrics");
        // 6,000 Fashion-MNIST images, one epoch of Adam: about 80 % here; a stated floor with room.
        assertTrue(m.get("testAccuracy").asDouble() >= 75.0, done.toString());
        assertTrue(m.get("latencyMsBatch64").asDouble() > 0 && m.get("latencyMsSingle").asDouble() > 0);
        assertTrue(m.get("latencyMsBatch64").asDouble() > m.get("latencyMsSingle").asDouble());
        assertEquals(784 * 256 + 256 + 256 * 10 + 10, m.get("parameters").asLong());
        assertTrue(m.get("sizeBytes").asLong() >= 4 * m.get("parameters").asLong());
        assertTrue(m.get("trainSeconds").asDouble() > 0);
        assertEquals("mlp", done.at("/config/model").asText());
        assertEquals("done", done.at("/progress/phase").asText());
        assertEquals((subset + 63) / 64, done.at("/progress/steps").asLong(),
                "the training's batches, as while it ran");
        assertEquals(done.at("/progress/steps").asLong(), done.at("/progress/step").asLong());
    }

    @Test
    void runningJobCanBeCancelled() throws Exception {
        HttpResponse<String> r = client.api("POST", "/api/experiments", token, "{\"kind\":\"train\",\"dataset\":\""
                + TestServer.trainingDataset() + "\",\"model\":\"small-cnn\",\"epochs\":20}");
        long id = Browserless.json(r).get("id").asLong();
        waitFor(id, "running", Duration.ofMinutes(2));
        HttpResponse<String> cancel = client.api("DELETE", "/api/experiments/" + id, token, null);
        assertEquals(202, cancel.statusCode());
        JsonNode cancelled = waitFor(id, "cancelled", Duration.ofSeconds(60));
        assertTrue(cancelled.get("metrics").isNull());
    }

    private static void assertBad(String body, String field, String hint) throws Exception {
        HttpResponse<String> r = client.api("POST", "/api/experiments", token, body);
        assertEquals(400, r.statusCode(), body);
        JsonNode error = Browserless.json(r);
        assertEquals(field, error.get("field").asText(), r.body());
        assertTrue(error.get("error").asText().contains(hint), r.body());
    }

    private static JsonNode waitFor(long id, String status, Duration limit) throws Exception {
        return client.awaitStatus(token, id, status, limit);
    }
}
