package io.quantlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Uploads refused from their headers, over a raw socket so the test controls when the body is sent
 * and when the answer is read. Upload limit: 1 MB.
 */
class UploadRefusalTest {
    private static final int LIMIT = 1024 * 1024;
    private static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start(Files.createTempDirectory("quantlab-refusals"), 0,
                Map.of("QUANTLAB_MAX_UPLOAD_MB", "1"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anonymousAndStudentUploadsAreRefusedBeforeTheBodyIsSent() throws Exception {
        String anonymous = exchange(uploadHeaders(null, LIMIT - 1000), new byte[0]);
        assertTrue(anonymous.startsWith("HTTP/1.1 303"), anonymous);
        assertTrue(anonymous.contains("Location: /signin"), anonymous);

        var student = new Browserless(server.url(""));
        student.registerStudent(server.joinCode(), "Sam", "sam@example.org", "sams-password");
        String refused = exchange(uploadHeaders(sessionOf("sam@example.org", "sams-password"), LIMIT - 1000),
                new byte[0]);
        assertTrue(refused.startsWith("HTTP/1.1 403"), refused);
        assertTrue(refused.contains("only instructors can upload files"), refused);
    }

    @Test
    void anInstructorsOverLimitUploadGetsTheAnswerNotABrokenConnection() throws Exception {
        String session = sessionOf(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        for (int i = 0; i < 5; i++) {
            String answer = exchange(uploadHeaders(session, 2 * LIMIT), new byte[2 * LIMIT]);
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            assertTrue(answer.contains("larger than the limit of 1 MB"), answer);
        }
    }

    private static String sessionOf(String email, String password) throws Exception {
        return new Browserless(server.url("")).signIn(email, password).headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(Auth.SESSION_COOKIE + "=")).findFirst().orElseThrow().split(";")[0];
    }

    private static String uploadHeaders(String cookie, long contentLength) {
        return "POST /datasets HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Content-Type: multipart/form-data; boundary=xyz\r\nContent-Length: " + contentLength + "\r\n"
                + (cookie == null ? "" : "Cookie: " + cookie + "\r\n") + "\r\n";
    }

    /**
     * Sends the headers, then {@code body} in full (as a client does that only reads the answer
     * after sending), then reads the answer up to the server's close, which must be an orderly one;
     * a server still waiting for the rest of the declared body makes the read time out.
     */
    private static String exchange(String headers, byte[] body) throws IOException {
        URI base = URI.create(server.url(""));
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(headers.getBytes(StandardCharsets.US_ASCII));
            try {
                for (int at = 0; at < body.length; at += 64 * 1024) { // as a slow uplink sends it
                    out.write(body, at, Math.min(64 * 1024, body.length - at));
                    out.flush();
                    Thread.sleep(5);
                }
                Thread.sleep(300); // the body has arrived before the client reads
            } catch (IOException | InterruptedException refusedMidway) {
                // the server may stop reading; the answer is what counts
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    answer.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // a reset: the server closed with the body unread, and a client may lose the answer
                throw new AssertionError("the connection was reset after " + answer.size() + " bytes of the answer: "
                        + answer.toString(StandardCharsets.UTF_8), e);
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
