package io.quantlab.web;

import static io.quantlab.web.Browserless.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** An instructor's finished training becomes a course baseline its students can open. */
class BaselineTest extends ServerTest {
    @Test
    void studentsOfTheCourseSeeTheBaselineAndNothingElseOfTheInstructor() throws Exception {
        var teacher = new Browserless(server.url(""));
        teacher.signIn(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        String token = teacher.apiToken(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        long baseline = train(teacher, token);
        long privateRun = train(teacher, token);

        String csrf = teacher.csrfFrom("/experiments/" + baseline);
        Matcher course = Pattern.compile("<option value=\"(\\d+)\"[^>]*>baseline of Quantization seminar")
                .matcher(teacher.get("/experiments/" + baseline).body());
        assertTrue(course.find(), "the instructor's course is offered");
        assertEquals(400, teacher.postForm("/experiments/" + baseline + "/baseline",
                form("_csrf", csrf, "courseId", "999999")).statusCode(), "only courses one teaches");
        assertEquals(303, teacher.postForm("/experiments/" + baseline + "/baseline",
                form("_csrf", csrf, "courseId", course.group(1))).statusCode());
        assertTrue(teacher.get("/experiments/" + baseline).body().contains("id=\"baseline-note\""));

        var student = new Browserless(server.url(""));
        student.registerStudent(server.joinCode(), "Kim", "kim@example.org", "kims-password");
        String coursePage = student.get("/course").body();
        assertTrue(coursePage.contains("href=\"/experiments/" + baseline + "\""), "listed under Baselines");
        assertFalse(coursePage.contains("href=\"/experiments/" + privateRun + "\""));
        assertEquals(200, student.get("/experiments/" + baseline).statusCode());
        assertEquals(404, student.get("/experiments/" + privateRun).statusCode());
        String studentCsrf = student.csrfFrom("/course");
        assertEquals(403, student.postForm("/experiments/" + baseline + "/baseline",
                form("_csrf", studentCsrf, "courseId", "")).statusCode());

        assertEquals(303, teacher.postForm("/experiments/" + baseline + "/baseline",
                form("_csrf", csrf, "courseId", "")).statusCode());
        assertEquals(404, student.get("/experiments/" + baseline).statusCode(), "unmarked: private again");
    }

    private static long train(Browserless client, String token) throws Exception {
        HttpResponse<String> r = client.api("POST", "/api/experiments", token,
                "{\"kind\":\"train\",\"dataset\":\"synthetic\",\"model\":\"mlp\",\"trainSubset\":300}");
        long id = Browserless.json(r).get("id").asLong();
        client.awaitStatus(token, id, "done", Duration.ofMinutes(2));
        return id;
    }
}
