package io.quantlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quantlab.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cancelling through the API and from the experiment's page, on a web-only server so jobs stay queued. */
class CancelExperimentTest {
    private static TestServer server;
    private static Browserless teacher;
    private static String teacherToken;
    private static String studentToken;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Files.createTempDirectory("quantlab-cancel"), 0);
        teacher = new Browserless(server.url(""));
        teacherToken = teacher.apiToken(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        Browserless student = new Browserless(server.url(""));
        student.registerStudent(server.joinCode(), "Cy", "cy@example.org", "cys-password");
        studentToken = student.apiToken("cy@example.org", "cys-password");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void cancellingAQueuedJobEndsItAtOnceAndIsAudited() throws Exception {
        long id = queue(teacherToken);

        HttpResponse<String> r = teacher.api("DELETE", "/api/experiments/" + id, teacherToken, null);

        assertEquals(202, r.statusCode(), r.body());
        JsonNode cancelled = Browserless.json(r);
        assertEquals("cancelled", cancelled.get("status").asText());
        assertEquals("cancelled", cancelled.at("/progress/phase").asText());
        assertEquals(0, cancelled.get("queuePosition").asInt());
        assertFalse(cancelled.get("finishedAt").isNull());
        JsonNode read = Browserless.json(teacher.api("GET", "/api/experiments/" + id, teacherToken, null));
        assertEquals(read, cancelled, "the answer is what a later read shows");
        assertEquals(1, auditedCancels(id));
    }

    @Test
    void aStudentCannotCancelSomeoneElsesJob() throws Exception {
        long id = queue(teacherToken);

        HttpResponse<String> r = teacher.api("DELETE", "/api/experiments/" + id, studentToken, null);

        assertEquals(404, r.statusCode());
        assertEquals("no experiment " + id + " that you can see", Browserless.json(r).get("error").asText());
        JsonNode read = Browserless.json(teacher.api("GET", "/api/experiments/" + id, teacherToken, null));
        assertEquals("queued", read.get("status").asText());
        assertEquals(0, auditedCancels(id));
    }

    @Test
    void theAdminCancelsAStudentsJob() throws Exception {
        long id = queue(studentToken);

        HttpResponse<String> r = teacher.api("DELETE", "/api/experiments/" + id, teacherToken, null);

        assertEquals(202, r.statusCode(), r.body());
        assertEquals("cancelled", Browserless.json(r).get("status").asText());
        assertEquals(1, auditedCancels(id));
    }

    @Test
    void cancellingAFinishedJobAgainChangesNothingButIsStillAnswered() throws Exception {
        long id = queue(teacherToken);
        JsonNode first = Browserless.json(teacher.api("DELETE", "/api/experiments/" + id, teacherToken, null));

        HttpResponse<String> again = teacher.api("DELETE", "/api/experiments/" + id, teacherToken, null);

        assertEquals(202, again.statusCode());
        assertEquals(first, Browserless.json(again));
        assertEquals(2, auditedCancels(id));
    }

    @Test
    void cancellingAnUnknownExperimentIsNotFound() throws Exception {
        HttpResponse<String> r = teacher.api("DELETE", "/api/experiments/999999", teacherToken, null);

        assertEquals(404, r.statusCode());
        assertEquals("no experiment 999999 that you can see", Browserless.json(r).get("error").asText());
    }

    @Test
    void theCancelButtonSwapsInTheCancelledStatus() throws Exception {
        long id = queue(teacherToken);
        Browserless page = new Browserless(server.url(""));
        page.signIn(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);

        HttpResponse<String> r = page.htmx("/experiments/" + id + "/cancel", page.csrfFrom("/experiments/" + id),
                Map.of());

        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("id=\"status\">cancelled<"), r.body());
        assertFalse(r.body().contains("cancel-button"), r.body());
        assertEquals(1, auditedCancels(id));
    }

    @Test
    void cancellingFromAPlainFormRedirectsToTheExperiment() throws Exception {
        long id = queue(teacherToken);
        Browserless page = new Browserless(server.url(""));
        page.signIn(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);

        HttpResponse<String> r = page.postForm("/experiments/" + id + "/cancel",
                Browserless.form("_csrf", page.csrfFrom("/experiments/" + id)));

        assertEquals(303, r.statusCode(), r.body());
        assertEquals("/experiments/" + id, r.headers().firstValue("Location").orElseThrow());
        assertEquals(1, auditedCancels(id));
    }

    private static long queue(String token) throws Exception {
        HttpResponse<String> r = teacher.api("POST", "/api/experiments", token,
                "{\"kind\":\"train\",\"dataset\":\"synthetic\",\"model\":\"mlp\",\"trainSubset\":500}");
        assertEquals(202, r.statusCode(), r.body());
        return Browserless.json(r).get("id").asLong();
    }

    private static long auditedCancels(long id) throws Exception {
        return server.count("SELECT COUNT(*) FROM audit_log WHERE action = 'experiment-cancel' AND detail = '#" + id
                + "'");
    }
}
