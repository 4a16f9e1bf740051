package io.quantlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quantlab.TestServer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Uploads refused before their body is read (too large, a student's, an anonymous one) get their
 * answer, every time: closing the connection on the unread body made the client lose it now and
 * then ("header parser received no bytes", 8 of 450 requests before the fix).
 */
class RefusedUploadsAreAnsweredTest {
    private static final int ROUNDS = 100;

    @Test
    void everyRefusedUploadGetsItsAnswer() throws Exception {
        try (TestServer server = TestServer.start(Files.createTempDirectory("quantlab-refusals"), 0,
                Map.of("QUANTLAB_MAX_UPLOAD_MB", "1"))) {
            var teacher = new Browserless(server.url(""));
            teacher.signIn(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
            String teacherCsrf = teacher.csrfFrom("/datasets");
            var student = new Browserless(server.url(""));
            student.registerStudent(server.joinCode(), "Lu", "lu@example.org", "lus-password");
            String studentCsrf = student.csrfFrom("/datasets");
            var anonymous = new Browserless(server.url(""));
            List<String> wrong = new ArrayList<>();
            for (int i = 0; i < ROUNDS; i++) {
                expect(413, () -> teacher.postMultipart("/datasets", Map.of("_csrf", teacherCsrf, "name", "too-big"),
                        "file", "big.zip", new byte[2 * 1024 * 1024]).statusCode(), wrong);
                expect(403, () -> student.postMultipart("/datasets", Map.of("_csrf", studentCsrf, "name", "mine"),
                        "file", "c.zip", new byte[300 * 1024]).statusCode(), wrong);
                expect(303, () -> anonymous.postMultipart("/datasets", Map.of("_csrf", "none", "name", "mine"),
                        "file", "c.zip", new byte[300 * 1024]).statusCode(), wrong);
            }
            assertEquals(List.of(), wrong);
        }
    }

    private interface Status {
        int get() throws Exception;
    }

    private static void expect(int status, Status request, List<String> wrong) {
        try {
            int got = request.get();
            if (got != status) {
                wrong.add("expected " + status + ", got " + got);
            }
        } catch (Exception e) {
            wrong.add("expected " + status + ", got " + e);
        }
    }
}
