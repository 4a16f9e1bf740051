package io.quantlab.web;

import static io.quantlab.web.Browserless.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.TestServer;
import io.quantlab.data.DatasetFiles;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An instructor uploads a CIFAR-10-format zip; it appears in the list and trains. */
class DatasetUploadTest extends ServerTest {
    private static byte[] cifarZip;

    @BeforeAll
    static void prepare() throws Exception {
        Path dir = Files.createTempDirectory("cifar-upload");
        DatasetFiles.writeCifar10(dir, 5, 40, 50);
        cifarZip = DatasetFiles.zip(DatasetFiles.filesOf(dir, "cifar-10-batches-bin/"));
    }

    @Test
    void instructorUploadsADataSetThatThenTrains() throws Exception {
        var teacher = new Browserless(server.url(""));
        teacher.signIn(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        String csrf = teacher.csrfFrom("/datasets");
        HttpResponse<String> r = teacher.postMultipart("/datasets", form("_csrf", csrf, "name", "my-cifar"), "file",
                "cifar.zip", cifarZip);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("Data set &#39;my-cifar&#39; is ready") || r.body().contains("my-cifar' is ready"),
                r.body());
        assertTrue(teacher.get("/datasets").body().contains("my-cifar"));

        String token = teacher.apiToken(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        long id = Browserless.json(teacher.api("POST", "/api/experiments", token,
                "{\"kind\":\"train\",\"dataset\":\"my-cifar\",\"model\":\"mlp\"}")).get("id").asLong();
        teacher.awaitStatus(token, id, "done", Duration.ofMinutes(2));
    }

    @Test
    void badUploadsAreExplained() throws Exception {
        var teacher = new Browserless(server.url(""));
        teacher.signIn(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        String csrf = teacher.csrfFrom("/datasets");
        HttpResponse<String> badName = teacher.postMultipart("/datasets", form("_csrf", csrf, "name", "Bad Name!"),
                "file", "cifar.zip", cifarZip);
        assertEquals(400, badName.statusCode());
        assertTrue(badName.body().contains("id=\"upload-error\""));
        HttpResponse<String> notAZip = teacher.postMultipart("/datasets", form("_csrf", csrf, "name", "junk"),
                "file", "junk.zip", "not a zip at all".getBytes());
        assertEquals(400, notAZip.statusCode());
        HttpResponse<String> noCsrf = teacher.postMultipart("/datasets", form("name", "x1"), "file", "c.zip", cifarZip);
        assertEquals(403, noCsrf.statusCode());
    }

    @Test
    void uploadOverTheLimitIsRefusedWithTheLimit() throws Exception {
        try (TestServer small = TestServer.start(Files.createTempDirectory("quantlab-small-uploads"), 0,
                java.util.Map.of("QUANTLAB_MAX_UPLOAD_MB", "1"))) {
            var teacher = new Browserless(small.url(""));
            teacher.signIn(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
            String csrf = teacher.csrfFrom("/datasets");
            HttpResponse<String> r = teacher.postMultipart("/datasets", form("_csrf", csrf, "name", "too-big"), "file",
                    "big.zip", new byte[2 * 1024 * 1024]);
            assertEquals(413, r.statusCode());
            assertTrue(r.body().contains("larger than the limit of 1 MB"), r.body());
        }
    }

    @Test
    void studentsCannotUpload() throws Exception {
        var student = new Browserless(server.url(""));
        student.registerStudent(server.joinCode(), "Lu", "lu@example.org", "lus-password");
        String csrf2 = student.csrfFrom("/datasets");
        assertEquals(403, student.postMultipart("/datasets", form("_csrf", csrf2, "name", "stolen"), "file", "c.zip",
                cifarZip).statusCode());
    }
}
