package io.quantlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.Json;
import io.quantlab.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Large bodies are admitted before a byte of them is read: over the sender's budget a 429, over
 * the server's a 503, both with Retry-After and at once (the refused requests here send no body
 * at all), while /healthz keeps answering and the admitted requests finish normally.
 */
class BodyAdmissionTest {
    private static final int MB = 1024 * 1024;
    /** The body that is held open: 30 MB declared, its first bytes sent, the rest only when the test says so. */
    private static final int HELD_BYTES = 30 * MB;
    private static TestServer server;
    private static String ann;
    private static String bo;
    private static String teacher;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Files.createTempDirectory("quantlab-admission"), 0, Map.of(
                "QUANTLAB_BODIES_IN_FLIGHT_MB", "64", "QUANTLAB_BODIES_IN_FLIGHT_PER_USER_MB", "32"));
        Browserless client = new Browserless(server.url(""));
        teacher = client.apiToken(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        ann = student(client, "ann");
        bo = student(client, "bo");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void largeBodiesOverABudgetAreRefusedAtOnceWhileHealthAndAdmittedRequestsGoOn() throws Exception {
        try (HeldRequest annHeld = HeldRequest.open(ann); HeldRequest boHeld = HeldRequest.open(bo)) {
            awaitCounted(ann);
            awaitCounted(bo);

            Answer annAgain = headersOnly(ann, 3 * MB);
            assertEquals(429, annAgain.status, "30 + 3 MB is over Ann's 32: " + annAgain.body);
            assertEquals("2", annAgain.headers.get("retry-after"));
            assertTrue(Json.MAPPER.readTree(annAgain.body).get("error").asText().contains("other large requests"),
                    annAgain.body);

            Answer teacherNow = headersOnly(teacher, 10 * MB);
            assertEquals(503, teacherNow.status, "30 + 30 + 10 MB is over the server's 64: " + teacherNow.body);
            assertEquals("5", teacherNow.headers.get("retry-after"));

            var health = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    URI.create(server.url("/healthz"))).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());

            Answer annDone = annHeld.finish();
            assertEquals(200, annDone.status, annDone.body);
            assertEquals(3, Json.MAPPER.readTree(annDone.body).get("n").asInt());
            assertEquals(200, boHeld.finish().status);
        }
        Answer teacherLater = send(teacher, paddedBody(10 * MB));
        assertEquals(200, teacherLater.status, "the budget was given back: " + teacherLater.body);
    }

    @Test
    void aBodyLargerThanAnyRouteTakesIsA413BeforeItIsRead() throws Exception {
        Answer r = headersOnly(teacher, 33 * MB);
        assertEquals(413, r.status, r.body);
        assertTrue(r.body.contains("32 MB"), r.body);
    }

    /** Waits until {@code token}'s held request is counted: a 3 MB body of theirs is then over their 32 MB. */
    private static void awaitCounted(String token) throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            Answer probe = send(token, paddedBody(3 * MB));
            if (probe.status == 429) {
                return;
            }
            assertEquals(200, probe.status, "before the held request is counted, a probe is computed: " + probe.body);
        }
        throw new AssertionError("the held request was never counted");
    }

    private static Answer headersOnly(String token, int declared) throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(headers(token, declared));
            return Answer.read(socket.getInputStream());
        }
    }

    /** Sends the whole request; a server that answers before the body is in may stop reading it, so it is sent aside. */
    private static Answer send(String token, byte[] body) throws IOException {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(headers(token, body.length));
            java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    out.write(body);
                } catch (IOException answeredEarly) {
                    // the answer is read below
                }
            });
            return Answer.read(socket.getInputStream());
        }
    }

    private static Socket connect() throws IOException {
        URI base = URI.create(server.url("/"));
        Socket socket = new Socket(base.getHost(), base.getPort());
        socket.setSoTimeout(60_000);
        return socket;
    }

    private static byte[] headers(String token, long declared) {
        return ("POST /api/discretize HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nContent-Length: " + declared + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Lab 1's JSON with three numbers, padded with spaces to {@code size} bytes. */
    private static byte[] paddedBody(int size) {
        byte[] json = "{\"bits\":[8],\"values\":[1,2,3]}".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[size];
        Arrays.fill(out, (byte) ' ');
        System.arraycopy(json, 0, out, 0, json.length - 1);
        out[size - 1] = '}';
        return out;
    }

    private static String student(Browserless client, String name) throws Exception {
        String email = name + "@example.org";
        new Browserless(server.url("")).registerStudent(server.joinCode(), name, email, name + "-password-1");
        return client.apiToken(email, name + "-password-1");
    }

    /** A request whose headers and first megabyte are sent; the rest of its body waits for {@link #finish()}. */
    private record HeldRequest(Socket socket, byte[] body) implements AutoCloseable {
        static HeldRequest open(String token) throws IOException {
            Socket socket = connect();
            byte[] body = paddedBody(HELD_BYTES);
            socket.getOutputStream().write(headers(token, body.length));
            socket.getOutputStream().write(body, 0, MB);
            socket.getOutputStream().flush();
            return new HeldRequest(socket, body);
        }

        Answer finish() throws IOException {
            socket.getOutputStream().write(body, MB, body.length - MB);
            return Answer.read(socket.getInputStream());
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** An HTTP/1.1 answer read off a socket: status, headers (lower-case names) and body. */
    private record Answer(int status, Map<String, String> headers, String body) {
        static Answer read(InputStream in) throws IOException {
            String[] lines = head(in).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers,
                    new String(in.readNBytes(length), StandardCharsets.UTF_8));
        }

        private static String head(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (head.size() < 4 || !head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("the connection closed before the answer's headers ended: " + head);
                }
                head.write(b);
            }
            return head.toString(StandardCharsets.US_ASCII);
        }
    }
}
