package io.quantlab.bench;

import io.quantlab.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * How long {@code POST /api/tokens} takes to refuse a wrong password for a known e-mail and for an
 * unknown one; printed, not asserted (report: bench/signin/README.md). Each try comes "from" its
 * own address through a trusted proxy, so no sign-in wait starts. Skipped unless asked for:
 * {@code mvn -B -o test -Dtest=SignInTimingBenchmark -Dquantlab.bench=true}.
 */
@Tag("bench")
@EnabledIfSystemProperty(named = "quantlab.bench", matches = "true")
class SignInTimingBenchmark {
    private static final int ROUNDS = 40;

    @Test
    void wrongPasswordForAKnownAndAnUnknownEmail() throws Exception {
        try (TestServer server = TestServer.start(Files.createTempDirectory("quantlab-signin-bench"), 0,
                Map.of("QUANTLAB_TRUSTED_PROXIES", "127.0.0.1"))) {
            HttpClient http = HttpClient.newHttpClient();
            double[] known = new double[ROUNDS];
            double[] unknown = new double[ROUNDS];
            for (int i = -5; i < ROUNDS; i++) { // 5 unmeasured rounds warm the JIT
                if (i % 10 == 0) { // a success clears the account's count before it reaches 20
                    send(http, server, TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD, 0);
                }
                double k = time(http, server, TestServer.ADMIN_EMAIL, i * 2);
                double u = time(http, server, "nobody-" + i + "@example.org", i * 2 + 1);
                if (i >= 0) {
                    known[i] = k;
                    unknown[i] = u;
                }
            }
            print("known e-mail, wrong password", known);
            print("unknown e-mail", unknown);
        }
    }

    private static double time(HttpClient http, TestServer server, String email, int client) throws Exception {
        long start = System.nanoTime();
        int status = send(http, server, email, "wrong-password", client);
        double ms = (System.nanoTime() - start) / 1e6;
        if (status != 401) {
            throw new AssertionError("expected 401, got " + status);
        }
        return ms;
    }

    private static int send(HttpClient http, TestServer server, String email, String password, int client)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url("/api/tokens")))
                .header("X-Forwarded-For", "198.51." + (client & 0xff) + "." + ((client >> 8) & 0xff))
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"password\":\""
                        + password + "\"}"))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static void print(String what, double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        System.out.printf("BENCH %s: median %.1f ms, min %.1f, max %.1f (%d tries)%n", what,
                sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1], sorted.length);
    }
}
