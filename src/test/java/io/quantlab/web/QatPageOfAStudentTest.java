package io.quantlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.TestServer;
import org.junit.jupiter.api.Test;

/**
 * A QAT result's page compares it with its owner's PTQ at the same bits, whoever views it: an
 * instructor opening a student's result (read-only) sees the student's PTQ, not one of their own
 * (the page used to look among the viewer's experiments), and the instructor's own PTQ of the same
 * baseline parent is not taken for the student's.
 */
class QatPageOfAStudentTest extends ServerTest {
    private static final String TRAINING = "{\"kind\":\"train\",\"dataset\":\"synthetic\",\"model\":\"mlp\","
            + "\"epochs\":1,\"trainSubset\":2000}";

    @Test
    void anInstructorViewingAStudentsQatSeesTheStudentsPtqBesideIt() throws Exception {
        Browserless client = new Browserless(server.url(""));
        String teacher = client.apiToken(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        long course = server.count("SELECT id FROM courses WHERE join_code = '" + server.joinCode() + "'");
        long baseline = start(teacher, TRAINING);
        await(teacher, baseline, "done");
        Browserless page = new Browserless(server.url(""));
        page.signIn(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        assertEquals(303, page.postForm("/experiments/" + baseline + "/baseline", Browserless.form("_csrf",
                page.csrfFrom("/experiments/" + baseline), "courseId", String.valueOf(course))).statusCode());
        long teachersPtq = start(teacher, "{\"kind\":\"ptq\",\"parent\":" + baseline + "}");
        String student = student(new Browserless(server.url("")), "Ola", "ola@example.org");
        long studentsPtq = start(student, "{\"kind\":\"ptq\",\"parent\":" + baseline + "}");
        long qat = start(student, "{\"kind\":\"qat\",\"parent\":" + baseline + "}");
        await(teacher, teachersPtq, "done");
        await(student, studentsPtq, "done");
        await(student, qat, "done");

        String html = page.get("/experiments/" + qat).body();
        assertTrue(html.contains("href=\"/experiments/" + studentsPtq + "\">PTQ #" + studentsPtq), html);
        assertFalse(html.contains("PTQ #" + teachersPtq), "not the viewer's own PTQ");
        assertFalse(html.contains("id=\"ptq-start-form\""), "read-only: no button to start a PTQ for the student");
    }
}
