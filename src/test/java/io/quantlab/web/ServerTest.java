package io.quantlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quantlab.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A test class against one real server (temp H2 file, random port) shared by its tests. */
abstract class ServerTest {
    static TestServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    // Requests of the experiment API tests, answered by the shared server

    /** Registers a student in the course, leaving {@code client} signed in as them; their API token. */
    static String student(Browserless client, String name, String email) throws Exception {
        client.registerStudent(server.joinCode(), name, email, name + "-password-1");
        return client.apiToken(email, name + "-password-1");
    }

    /**
     * A new instructor account made as an administrator makes one (POST /api/users), whose person chose
     * {@code password} on its invitation link; the client is signed in as them.
     */
    static Browserless newInstructor(String name, String email, String password) throws Exception {
        Browserless client = new Browserless(server.url(""));
        String adminToken = client.apiToken(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        HttpResponse<String> created = client.api("POST", "/api/users", adminToken, io.quantlab.Json.write(
                java.util.Map.of("email", email, "name", name, "role", "instructor")));
        assertEquals(201, created.statusCode(), created.body());
        client.acceptInvitation(Browserless.json(created).get("invitationUrl").asText(), password);
        return client;
    }

    static long start(String token, String body) throws Exception {
        HttpResponse<String> r = new Browserless(server.url("")).api("POST", "/api/experiments", token, body);
        assertEquals(202, r.statusCode(), r.body());
        return Browserless.json(r).get("id").asLong();
    }

    static JsonNode await(String token, long id, String status) throws Exception {
        return new Browserless(server.url("")).awaitStatus(token, id, status, Duration.ofMinutes(5));
    }

    /** Waits for a running job whose {@code progress.phase} contains {@code phase}; the experiment as then read. */
    static JsonNode awaitPhase(String token, long id, String phase) throws Exception {
        Browserless client = new Browserless(server.url(""));
        JsonNode running = await(token, id, "running");
        for (long until = System.nanoTime() + 120_000_000_000L; !running.at("/progress/phase").asText().contains(phase)
                && System.nanoTime() < until; Thread.sleep(100)) {
            running = Browserless.json(client.api("GET", "/api/experiments/" + id, token, null));
        }
        return running;
    }

    static void assertBad(String token, String body, int status, String field, String hint) throws Exception {
        HttpResponse<String> r = new Browserless(server.url("")).api("POST", "/api/experiments", token, body);
        assertEquals(status, r.statusCode(), body + " → " + r.body());
        JsonNode error = Browserless.json(r);
        assertEquals(field, error.path("field").asText(), r.body());
        assertTrue(error.get("error").asText().contains(hint), r.body());
    }

    static HttpResponse<byte[]> download(String token, long id, String file) throws Exception {
        return new Browserless(server.url("")).download("/api/experiments/" + id + "/" + file, token);
    }
}
