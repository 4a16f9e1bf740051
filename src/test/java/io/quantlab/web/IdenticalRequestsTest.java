package io.quantlab.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.quantlab.TestServer;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same button pressed twice at the same moment (two tabs; in class, thirty students on the
 * course's baseline), on a server with two workers: both identical quantizations are taken at
 * once, the later one waits for the earlier one's result instead of computing it beside it, and
 * both end with the one measurement.
 */
class IdenticalRequestsTest {
    private static TestServer server;
    private static Browserless client;

    @BeforeAll
    static void startServerWithTwoWorkers() throws Exception {
        server = TestServer.start(Files.createTempDirectory("quantlab-twins"), 2);
        client = new Browserless(server.url(""));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void identicalQuantizationsRequestedTogetherAreComputedOnce() throws Exception {
        String kim = student("Kim", "kim@example.org");
        String lee = kim; // the reuse key has no owner in it: a classmate's request on a baseline is alike
        long parent = start(kim, "{\"kind\":\"train\",\"dataset\":\"synthetic\",\"model\":\"small-cnn\","
                + "\"epochs\":1,\"trainSubset\":2000}");
        client.awaitStatus(kim, parent, "done", Duration.ofMinutes(3));
        String ptq = "{\"kind\":\"ptq\",\"parent\":" + parent + ",\"seed\":3}";
        long kims = start(kim, ptq);
        long lees = start(lee, ptq);

        JsonNode waiting = awaitPhase(lee, lees, io.quantlab.experiment.ExperimentJob.WAITING_FOR_TWIN);
        assertEquals("running", waiting.get("status").asText());
        JsonNode first = client.awaitStatus(kim, kims, "done", Duration.ofMinutes(3));
        JsonNode second = client.awaitStatus(lee, lees, "done", Duration.ofMinutes(3));

        assertEquals(first.get("metrics"), second.get("metrics"), "measured once: the same latencies to the last digit");
        assertArrayEquals(client.download("/api/experiments/" + kims + "/model.onnx", kim).body(),
                client.download("/api/experiments/" + lees + "/model.onnx", lee).body());
    }

    private static String student(String name, String email) throws Exception {
        Browserless c = new Browserless(server.url(""));
        c.registerStudent(server.joinCode(), name, email, name + "-password-1");
        return c.apiToken(email, name + "-password-1");
    }

    private static long start(String token, String body) throws Exception {
        var r = client.api("POST", "/api/experiments", token, body);
        assertEquals(202, r.statusCode(), r.body());
        return Browserless.json(r).get("id").asLong();
    }

    private static JsonNode awaitPhase(String token, long id, String phase) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        JsonNode e = null;
        while (Instant.now().isBefore(deadline)) {
            e = Browserless.json(client.api("GET", "/api/experiments/" + id, token, null));
            if (phase.equals(e.at("/progress/phase").asText())) {
                return e;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("experiment " + id + " never reported " + phase + ": " + e);
    }
}
