package io.quantlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import io.quantlab.BusyException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** A request the server has no room for gets 503 with Retry-After and the reason, never a 500. */
class BusyAnswerTest {

    @Test
    void busyIsA503WithRetryAfterAndTheReason() throws Exception {
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/api/busy", ctx -> {
                throw new BusyException("Lab 1 is busy with other requests; try again in a moment.");
            });
            Errors.register(config.routes);
        }).start(0);
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + app.port() + "/api/busy")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertEquals(503, r.statusCode());
            assertEquals("5", r.headers().firstValue("Retry-After").orElse(""));
            assertEquals("Lab 1 is busy with other requests; try again in a moment.",
                    Browserless.json(r).get("error").asText());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        } finally {
            app.stop();
        }
    }
}
