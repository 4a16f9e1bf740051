package io.quantlab.web;

import static io.quantlab.web.Browserless.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Where sign-in sends you, and how it answers a run of wrong passwords, page and API alike. All
 * tests here come from 127.0.0.1 and share its count: together they stay under the 20 free
 * failures of one address.
 */
class SignInDefenceTest extends ServerTest {
    private static final String PASSWORD = "student-password";

    /** A new student account, so each test counts its own failures. */
    private static String student(String name) throws Exception {
        String email = name + "@example.org";
        new Browserless(server.url("")).registerStudent(server.joinCode(), name, email, PASSWORD);
        return email;
    }

    private static String tokenRequest(String email, String password) {
        return "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
    }

    @Test
    void afterSignInOnlyPathsOfThisSiteAreFollowed() throws Exception {
        String email = student("wanderer");
        for (String next : List.of("/\\evil.com", "//evil.com", "/\\/evil.com", "https://evil.com", "/\tevil.com",
                "/ /evil.com", "javascript:alert(1)", "/.evil.com")) {
            var client = new Browserless(server.url(""));
            HttpResponse<String> r = client.postForm("/signin", form("_csrf", client.csrfFrom("/signin"),
                    "email", email, "password", PASSWORD, "next", next));
            assertEquals("/labs", r.headers().firstValue("Location").orElseThrow(), next);
        }
        for (String next : List.of("/", "/experiments/12", "/labs/discretize?bits=4&signal=gauss")) {
            var client = new Browserless(server.url(""));
            HttpResponse<String> r = client.postForm("/signin", form("_csrf", client.csrfFrom("/signin"),
                    "email", email, "password", PASSWORD, "next", next));
            assertEquals(next, r.headers().firstValue("Location").orElseThrow());
        }
    }

    @Test
    void wrongPasswordsForATokenAreAnsweredWith429AndRetryAfterUntilTheWaitEnds() throws Exception {
        String email = student("guessed");
        var client = new Browserless(server.url(""));
        for (int i = 0; i < 5; i++) {
            assertEquals(401, client.api("POST", "/api/tokens", null, tokenRequest(email, "guess-" + i)).statusCode());
        }
        HttpResponse<String> right = client.api("POST", "/api/tokens", null, tokenRequest(email, PASSWORD));
        assertEquals(429, right.statusCode(), "the right password waits too: a guesser cannot tell it was right");
        long retryAfter = Long.parseLong(right.headers().firstValue("Retry-After").orElseThrow());
        assertEquals(1, retryAfter);
        assertEquals("too many failed sign-ins; try again in 1 seconds",
                Browserless.json(right).get("error").asText());

        Thread.sleep(retryAfter * 1000 + 100);
        assertEquals(201, client.api("POST", "/api/tokens", null, tokenRequest(email, PASSWORD)).statusCode());
        assertEquals(401, client.api("POST", "/api/tokens", null, tokenRequest(email, "wrong")).statusCode(),
                "a success starts the count over");
    }

    @Test
    void theSignInPageSaysHowLongToWait() throws Exception {
        String email = student("hasty");
        var client = new Browserless(server.url(""));
        for (int i = 0; i < 5; i++) {
            assertEquals(401, client.signIn(email, "wrong-" + i).statusCode());
        }
        HttpResponse<String> r = client.signIn(email, PASSWORD);
        assertEquals(429, r.statusCode());
        assertEquals("1", r.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(r.body().contains("Too many failed sign-ins: wait 1 seconds, then try again."), r.body());
        assertTrue(r.body().contains("value=\"" + email + "\""), "the e-mail stays filled in");
    }

    @Test
    void behindATrustedProxyWaitsAreCountedPerForwardedAddressAndTheHeaderIsIgnoredFromOthers() throws Exception {
        String email = student("forwarded");
        assertEquals(List.of(401, 401, 401, 401, 401, 429), tokenStatuses(server, email, "198.51.100.1", 6),
                "without a trusted proxy the header changes nothing");
        try (TestServer proxied = TestServer.start(Files.createTempDirectory("quantlab-proxied"), 0,
                Map.of("QUANTLAB_TRUSTED_PROXIES", "127.0.0.1"))) {
            String admin = TestServer.ADMIN_EMAIL;
            assertEquals(List.of(401, 401, 401, 401, 401, 429), tokenStatuses(proxied, admin, "198.51.100.1", 6));
            assertEquals(List.of(401), tokenStatuses(proxied, admin, "198.51.100.1, 198.51.100.2", 1),
                    "another client behind the proxy has its own count");
        }
    }

    private static List<Integer> tokenStatuses(TestServer on, String email, String forwardedFor, int tries)
            throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < tries; i++) {
            statuses.add(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(on.url("/api/tokens")))
                    .header("X-Forwarded-For", forwardedFor)
                    .POST(HttpRequest.BodyPublishers.ofString(tokenRequest(email, "wrong-" + i))).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
        return statuses;
    }
}
