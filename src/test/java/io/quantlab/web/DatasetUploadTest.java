package io.quantlab.web;

import static io.quantlab.web.Browserless.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quantlab.TestServer;
import io.quantlab.data.DatasetFiles;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An instructor uploads a zip: the request checks it at once and queues its import; a job decodes
 * it (queued → decoding → ready, or failed with the reason and nothing left behind); then it trains.
 */
class DatasetUploadTest extends ServerTest {
    private static byte[] cifarZip;
    private static byte[] tinyZip;
    private static byte[] corruptTinyZip;

    @BeforeAll
    static void prepare() throws Exception {
        Path cifar = Files.createTempDirectory("cifar-upload");
        DatasetFiles.writeCifar10(cifar, 5, 40, 50);
        cifarZip = DatasetFiles.zip(DatasetFiles.filesOf(cifar, "cifar-10-batches-bin/"));

        Path tiny = Files.createTempDirectory("tiny-upload");
        DatasetFiles.writeTinyImageNet(tiny, 4, 6, 16);
        tinyZip = DatasetFiles.zip(DatasetFiles.filesOf(tiny, "tiny-imagenet-200/"));
        Files.write(tiny.resolve("train/n01629819/images/n01629819_2.JPEG"), "not a picture".getBytes());
        corruptTinyZip = DatasetFiles.zip(DatasetFiles.filesOf(tiny, "tiny-imagenet-200/"));
    }

    @Test
    void instructorUploadsADataSetThatThenTrains() throws Exception {
        var teacher = signedInTeacher(server);
        HttpResponse<String> r = upload(teacher, "my-cifar", cifarZip);
        assertEquals(303, r.statusCode(), r.body());
        assertEquals("/datasets#dataset-imports", r.headers().firstValue("Location").orElse(""));
        teacher.awaitImport("my-cifar", "ready", Duration.ofMinutes(1));
        assertTrue(datasetRow(teacher, "my-cifar").contains("<td>200</td>"), datasetRow(teacher, "my-cifar"));

        String token = teacher.apiToken(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        long id = Browserless.json(teacher.api("POST", "/api/experiments", token,
                "{\"kind\":\"train\",\"dataset\":\"my-cifar\",\"model\":\"mlp\"}")).get("id").asLong();
        JsonNode done = teacher.awaitStatus(token, id, "done", Duration.ofMinutes(2));
        assertEquals(200, done.at("/config/trainSubset").asInt(), "the default is the whole training set");
    }

    @Test
    void tinyImageNetIsDecodedInTheBackgroundThenTrainable() throws Exception {
        var teacher = signedInTeacher(server);
        assertEquals(303, upload(teacher, "tiny-class", tinyZip).statusCode());

        List<String> seen = teacher.awaitImport("tiny-class", "ready", Duration.ofMinutes(1));
        assertTrue(List.of("queued", "decoding", "ready").containsAll(seen), seen.toString());
        String row = datasetRow(teacher, "tiny-class");
        assertTrue(row.contains("<td>12</td>") && row.contains("<td>5</td>"), row); // 3 classes × 4; 6 val, a quarter (1) hidden
        assertTrue(row.contains("Tiny-ImageNet-200"), row);
        HttpResponse<String> settled = teacher.htmxGet("/datasets/imports");
        assertEquals("true", settled.headers().firstValue("HX-Refresh").orElse(""),
                "the page reloads once no import is under way, to list the new data set");
        assertTrue(settled.body().contains("hx-trigger=\"none\""), settled.body());
        assertNoUploadFolderLeft(server);

        String token = teacher.apiToken(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        HttpResponse<String> tooMany = teacher.api("POST", "/api/experiments", token,
                "{\"kind\":\"train\",\"dataset\":\"tiny-class\",\"model\":\"mlp\",\"trainSubset\":13}");
        assertEquals(400, tooMany.statusCode(), tooMany.body());
        assertEquals("trainSubset", Browserless.json(tooMany).get("field").asText());
        assertTrue(Browserless.json(tooMany).get("error").asText().contains("between 1 and 12"), tooMany.body());
        HttpResponse<String> all = teacher.api("POST", "/api/experiments", token,
                "{\"kind\":\"train\",\"dataset\":\"tiny-class\",\"model\":\"mlp\",\"trainSubset\":12}");
        assertEquals(202, all.statusCode(), all.body());
        teacher.awaitStatus(token, Browserless.json(all).get("id").asLong(), "done", Duration.ofMinutes(2));
    }

    @Test
    void aCorruptJpegEndsFailedWithTheReasonAndLeavesNothing() throws Exception {
        var teacher = signedInTeacher(server);
        assertEquals(303, upload(teacher, "broken-tiny", corruptTinyZip).statusCode(), "its listing is fine");

        teacher.awaitImport("broken-tiny", "failed", Duration.ofMinutes(1));
        String imports = teacher.get("/datasets/imports").body();
        assertTrue(imports.contains("The zip holds Tiny-ImageNet-200 files but they do not load: tiny-imagenet-200/"
                + "train/n01629819/images/n01629819_2.JPEG is not an image ImageIO can read"), imports);
        assertFalse(imports.contains(server.home().toString()), "no server paths in the reason");
        assertEquals("", datasetRow(teacher, "broken-tiny"));
        assertFalse(Files.exists(server.home().resolve("datasets/broken-tiny")));
        assertNoUploadFolderLeft(server);

        String token = teacher.apiToken(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        HttpResponse<String> train = teacher.api("POST", "/api/experiments", token,
                "{\"kind\":\"train\",\"dataset\":\"broken-tiny\",\"model\":\"mlp\"}");
        assertEquals(400, train.statusCode(), train.body());
        assertEquals("dataset", Browserless.json(train).get("field").asText());

        // the name is free again: the fixed zip goes through
        assertEquals(303, upload(teacher, "broken-tiny", tinyZip).statusCode());
        teacher.awaitImport("broken-tiny", "ready", Duration.ofMinutes(1));
    }

    @Test
    void anUploadWaitsQueuedUntilAWorkerTakesItKeepingItsNameAndShowsDecodingProgress() throws Exception {
        Path home = Files.createTempDirectory("quantlab-import-queue");
        try (TestServer webOnly = TestServer.start(home, 0)) {
            var teacher = signedInTeacher(webOnly);
            assertEquals(303, upload(teacher, "waiting-tiny", tinyZip).statusCode());
            assertEquals("queued", teacher.importStatus("waiting-tiny"));
            String page = teacher.get("/datasets").body();
            assertTrue(page.contains("hx-trigger=\"every 1s\""), "the list polls while an import waits");
            assertEquals("", datasetRow(teacher, "waiting-tiny"));

            HttpResponse<String> again = upload(teacher, "waiting-tiny", cifarZip);
            assertEquals(400, again.statusCode());
            assertTrue(again.body().contains("is being imported already"), again.body());

            // as a worker that died a quarter of the way through decoding would have left it
            webOnly.sql("UPDATE dataset_imports SET status = 'DECODING', phase = 'decoding', step = 3, steps = 12"
                    + " WHERE name = 'waiting-tiny'");
            String decoding = teacher.get("/datasets/imports").body();
            assertTrue(decoding.contains("decoding · 3 of 12"), decoding);
            assertTrue(decoding.contains("<progress max=\"100\" value=\"25.0\">"), decoding);
        }
        try (TestServer withWorker = TestServer.start(home, 1)) {
            var teacher = signedInTeacher(withWorker);
            teacher.awaitImport("waiting-tiny", "ready", Duration.ofMinutes(1));
            assertTrue(datasetRow(teacher, "waiting-tiny").contains("<td>12</td>"));
            assertNoUploadFolderLeft(withWorker);
        }
    }

    @Test
    void anInstructorCancelsUploadsQueuedOrBeingDecodedAndNothingIsLeft() throws Exception {
        Path home = Files.createTempDirectory("quantlab-import-cancel");
        try (TestServer webOnly = TestServer.start(home, 0)) {
            var teacher = signedInTeacher(webOnly);
            assertEquals(303, upload(teacher, "cancel-queued", tinyZip).statusCode());
            assertEquals(303, upload(teacher, "cancel-decoding", cifarZip).statusCode());
            String list = teacher.get("/datasets/imports").body();
            long queued = importId(list, "cancel-queued");
            long decoding = importId(list, "cancel-decoding");
            assertTrue(list.contains("hx-post=\"/datasets/imports/" + queued + "/cancel\""), list);

            String csrf = teacher.csrfFrom("/datasets");
            HttpResponse<String> r = teacher.htmx("/datasets/imports/" + queued + "/cancel", csrf, Map.of());
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("data-name=\"cancel-queued\" data-status=\"cancelled\""), r.body());
            assertFalse(r.body().contains("/datasets/imports/" + queued + "/cancel"), "nothing left to cancel");
            assertEquals(303, upload(teacher, "cancel-queued", cifarZip).statusCode(), "the name is free again");

            // as if a worker had started decoding it and then stopped
            webOnly.sql("UPDATE dataset_imports SET status = 'DECODING' WHERE id = " + decoding);
            assertEquals(200, teacher.htmx("/datasets/imports/" + decoding + "/cancel", csrf, Map.of()).statusCode());
            assertEquals("cancelled", teacher.importStatus("cancel-decoding"));
            assertEquals(200, teacher.htmx("/datasets/imports/" + decoding + "/cancel", csrf, Map.of()).statusCode(),
                    "cancelling twice is harmless");
        }
        try (TestServer withWorker = TestServer.start(home, 1)) {
            var teacher = signedInTeacher(withWorker);
            teacher.awaitImport("cancel-queued", "ready", Duration.ofMinutes(1)); // the second upload of the name
            assertEquals("cancelled", teacher.importStatus("cancel-decoding"));
            assertEquals("", datasetRow(teacher, "cancel-decoding"));
            // the cancelled job's run removes its upload
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (hiddenFolders(withWorker) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertNoUploadFolderLeft(withWorker);
        }
    }

    @Test
    void theJsonApiUploadsListsReadsAndCancels() throws Exception {
        var teacher = signedInTeacher(server);
        String token = teacher.apiToken(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        HttpResponse<String> r = teacher.postMultipart("/api/datasets", token, Map.of("name", "api-cifar"), "file",
                "api-cifar.zip", cifarZip);
        assertEquals(202, r.statusCode(), r.body());
        JsonNode queued = Browserless.json(r);
        long id = queued.get("id").asLong();
        assertEquals(List.of("id", "name", "format", "fileName", "sizeBytes", "status", "phase", "step", "steps",
                "error", "restarts", "uploadedBy", "createdAt"), fieldNames(queued));
        assertEquals("CIFAR-10 binary", queued.get("format").asText());
        assertEquals(cifarZip.length, queued.get("sizeBytes").asLong());

        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        JsonNode now = queued;
        while (!now.get("status").asText().equals("ready") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            now = Browserless.json(teacher.api("GET", "/api/datasets/imports/" + id, token, null));
        }
        assertEquals("ready", now.get("status").asText(), now.toString());
        JsonNode list = Browserless.json(teacher.api("GET", "/api/datasets/imports", token, null));
        assertTrue(list.toString().contains("\"name\":\"api-cifar\""), list.toString());

        HttpResponse<String> late = teacher.api("DELETE", "/api/datasets/imports/" + id, token, null);
        assertEquals(202, late.statusCode());
        assertEquals("ready", Browserless.json(late).get("status").asText(), "too late to cancel: it stays ready");
        assertEquals(404, teacher.api("GET", "/api/datasets/imports/999999", token, null).statusCode());
        HttpResponse<String> bad = teacher.postMultipart("/api/datasets", token, Map.of("name", "Bad Name"), "file",
                "x.zip", cifarZip);
        assertEquals(400, bad.statusCode());
        assertEquals("name", Browserless.json(bad).get("field").asText());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void studentsCannotCancelUploads() throws Exception {
        var student = new Browserless(server.url(""));
        student.registerStudent(server.joinCode(), "Mo", "mo@example.org", "mos-password");
        String csrf = student.csrfFrom("/datasets");
        assertEquals(403, student.htmx("/datasets/imports/1/cancel", csrf, Map.of()).statusCode());
    }

    @Test
    void badUploadsAreExplainedAtOnce() throws Exception {
        var teacher = signedInTeacher(server);
        HttpResponse<String> badName = upload(teacher, "Bad Name!", cifarZip);
        assertEquals(400, badName.statusCode());
        assertTrue(badName.body().contains("id=\"upload-error\""));
        HttpResponse<String> notAZip = upload(teacher, "junk", "not a zip at all".getBytes());
        assertEquals(400, notAZip.statusCode());
        assertTrue(notAZip.body().contains("not a readable zip"), notAZip.body());
        HttpResponse<String> wrongLayout = upload(teacher, "pictures", DatasetFiles.zip(java.util.Map.of(
                "photos/cat.png", new byte[] {1}, "photos/dog.png", new byte[] {2})));
        assertEquals(400, wrongLayout.statusCode());
        assertTrue(wrongLayout.body().contains("no known format in the zip's folder photos"), wrongLayout.body());
        HttpResponse<String> noCsrf = teacher.postMultipart("/datasets", form("name", "x1"), "file", "c.zip", cifarZip);
        assertEquals(403, noCsrf.statusCode());
        for (String refused : List.of("junk", "pictures")) {
            assertEquals(null, teacher.importStatus(refused), "a refused upload is not queued");
        }
        assertNoUploadFolderLeft(server);
    }

    @Test
    void uploadOverTheLimitIsRefusedWithTheLimit() throws Exception {
        try (TestServer small = TestServer.start(Files.createTempDirectory("quantlab-small-uploads"), 0,
                java.util.Map.of("QUANTLAB_MAX_UPLOAD_MB", "1"))) {
            var teacher = signedInTeacher(small);
            String csrf = teacher.csrfFrom("/datasets");
            HttpResponse<String> r = teacher.postMultipart("/datasets", form("_csrf", csrf, "name", "too-big"), "file",
                    "big.zip", new byte[2 * 1024 * 1024]);
            assertEquals(413, r.statusCode());
            assertTrue(r.body().contains("larger than the limit of 1 MB"), r.body());
        }
    }

    @Test
    void studentsCannotUploadNorSeeTheImports() throws Exception {
        var student = new Browserless(server.url(""));
        student.registerStudent(server.joinCode(), "Lu", "lu@example.org", "lus-password");
        String csrf2 = student.csrfFrom("/datasets");
        assertEquals(403, student.postMultipart("/datasets", form("_csrf", csrf2, "name", "stolen"), "file", "c.zip",
                cifarZip).statusCode());
        assertEquals(403, student.get("/datasets/imports").statusCode());
        assertFalse(student.get("/datasets").body().contains("id=\"dataset-imports\""));
    }

    private static Browserless signedInTeacher(TestServer on) throws Exception {
        var teacher = new Browserless(on.url(""));
        teacher.signIn(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        return teacher;
    }

    private static HttpResponse<String> upload(Browserless teacher, String name, byte[] zip) throws Exception {
        String csrf = teacher.csrfFrom("/datasets");
        return teacher.postMultipart("/datasets", form("_csrf", csrf, "name", name), "file", name + ".zip", zip);
    }

    /** The row of the data set table for {@code name}, or "" when it is not listed. */
    private static String datasetRow(Browserless client, String name) throws Exception {
        String page = client.get("/datasets").body();
        int table = page.indexOf("id=\"datasets\"");
        String rows = page.substring(table, page.indexOf("</table>", table));
        int at = rows.indexOf("<td>" + name + "</td>");
        return at < 0 ? "" : rows.substring(at, rows.indexOf("</tr>", at));
    }

    private static long importId(String importList, String name) {
        Matcher m = Pattern.compile("id=\"import-(\\d+)\" data-name=\"" + Pattern.quote(name) + "\"").matcher(importList);
        assertTrue(m.find(), importList);
        return Long.parseLong(m.group(1));
    }

    private static long hiddenFolders(TestServer on) throws Exception {
        try (Stream<Path> listing = Files.list(on.home().resolve("datasets"))) {
            return listing.filter(p -> p.getFileName().toString().startsWith(".")).count();
        }
    }

    private static void assertNoUploadFolderLeft(TestServer on) throws Exception {
        if (!Files.exists(on.home().resolve("datasets"))) {
            return;
        }
        try (Stream<Path> listing = Files.list(on.home().resolve("datasets"))) {
            List<String> hidden = listing.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
            assertEquals(List.of(), hidden);
        }
    }
}
