package io.quantlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The per-user limit on queued and running experiments holds when requests arrive together. */
class PerUserJobLimitTest {
    private static final int LIMIT = 5; // QUANTLAB_MAX_QUEUED_JOBS_PER_USER's default
    private static final int REQUESTS = 30;

    @Test
    void thirtyRequestsAtOnceQueueNoMoreThanTheLimit() throws Exception {
        try (TestServer server = TestServer.start(Files.createTempDirectory("quantlab-limit"), 0)) {
            Browserless client = new Browserless(server.url(""));
            String token = client.apiToken(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService senders = Executors.newFixedThreadPool(REQUESTS);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                answers.add(senders.submit(() -> {
                    go.await();
                    return client.api("POST", "/api/experiments", token,
                            "{\"kind\":\"train\",\"dataset\":\"synthetic\",\"model\":\"mlp\",\"trainSubset\":500}");
                }));
            }

            go.countDown();
            int accepted = 0;
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> r = answer.get();
                if (r.statusCode() == 202) {
                    accepted++;
                } else {
                    assertEquals(400, r.statusCode(), r.body());
                    assertTrue(r.body().contains("you already have " + LIMIT + " experiments queued or running"),
                            r.body());
                }
            }
            senders.shutdown();

            assertEquals(LIMIT, accepted);
            assertEquals(LIMIT, server.count("SELECT COUNT(*) FROM experiments WHERE status = 'QUEUED'"));
        }
    }
}
