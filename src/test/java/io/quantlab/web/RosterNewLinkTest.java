package io.quantlab.web;

import static io.quantlab.web.Browserless.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A roster student who never used their invitation gets a new link from the course page, by the
 * course's instructors only, audited; the old link stops working and the new one is shown once.
 */
class RosterNewLinkTest extends ServerTest {
    private static final Pattern SHOWN_LINK = Pattern.compile("id=\"invitation-link\" value=\"(/invite/[A-Za-z0-9_-]{43})\"");
    private static CourseAccessMatrixTest.Actor owner;
    private static long course;
    private static String oldLink;
    private static long nola;
    private static long registered;

    @BeforeAll
    static void aCourseWithAnImportedAndARegisteredStudent() throws Exception {
        owner = CourseAccessMatrixTest.instructor("nina");
        JsonNode created = Browserless.json(CourseAccessMatrixTest.api(owner, "POST", "/api/courses",
                "{\"name\":\"Links 101\"}"));
        course = created.get("id").asLong();
        oldLink = Browserless.json(CourseAccessMatrixTest.api(owner, "POST", "/api/courses/" + course + "/roster.csv",
                "nola@example.org,Nola")).get("rows").get(0).get("invitation").asText();
        CourseAccessMatrixTest.student("rhea", created.get("joinCode").asText());
        JsonNode roster = Browserless.json(CourseAccessMatrixTest.api(owner, "GET", "/api/courses/" + course + "/roster",
                null)).get("students");
        for (JsonNode s : roster) {
            if (s.get("email").asText().equals("nola@example.org")) {
                nola = s.get("id").asLong();
            } else {
                registered = s.get("id").asLong();
            }
        }
    }

    private static HttpResponse<String> newLink(CourseAccessMatrixTest.Actor who, long student) throws Exception {
        return who.pages().postForm("/courses/" + course + "/students/" + student + "/invitation",
                form("_csrf", who.csrf(), "x", "y"));
    }

    private static long reissues() throws Exception {
        return server.count("SELECT COUNT(*) FROM audit_log WHERE action = 'invitation-reissued' "
                + "AND detail = 'nola@example.org'");
    }

    @Test
    void theRosterOffersANewLinkOnlyForAStudentWithoutAPassword() throws Exception {
        String page = owner.pages().get("/courses/" + course).body();
        assertTrue(page.contains("action=\"/courses/" + course + "/students/" + nola + "/invitation\""), page);
        assertFalse(page.contains("/students/" + registered + "/invitation"), "Rhea chose her own password");
    }

    @Test
    void theOwnerGetsANewLinkOnceTheOldOneStopsWorkingAndItIsAudited() throws Exception {
        HttpResponse<String> answer = newLink(owner, nola);
        assertEquals(200, answer.statusCode(), answer.body());
        Matcher shown = SHOWN_LINK.matcher(answer.body());
        assertTrue(shown.find(), answer.body());
        assertTrue(answer.body().contains("nola@example.org"));
        assertTrue(answer.body().contains("/static/js/invitation-links.js"), "the copy button's script");
        assertEquals(404, new Browserless(server.url("")).get(oldLink).statusCode(), "the old link stops working");
        HttpResponse<String> invite = new Browserless(server.url("")).get(shown.group(1));
        assertEquals(200, invite.statusCode());
        assertTrue(invite.body().contains("Links 101"), "the new link is for this course");
        assertEquals(1, server.count("SELECT COUNT(*) FROM audit_log a JOIN users u ON u.id = a.user_id WHERE "
                + "a.action = 'invitation-reissued' AND a.detail = 'nola@example.org' AND u.email = 'nina@example.org'"));
        assertFalse(owner.pages().get("/courses/" + course).body().contains(shown.group(1)), "shown this once");
    }

    @Test
    void nobodyButTheCoursesInstructorsAndNoStudentWithAPassword() throws Exception {
        long before = reissues();
        CourseAccessMatrixTest.Actor other = CourseAccessMatrixTest.instructor("omar");
        assertEquals(404, newLink(other, nola).statusCode(), "another instructor: not their course");
        CourseAccessMatrixTest.Actor rhea = CourseAccessMatrixTest.signedIn("rhea@example.org",
                "long-enough-password");
        assertEquals(403, newLink(rhea, nola).statusCode(), "a student");
        assertEquals(before, reissues(), "nothing issued");

        HttpResponse<String> hasPassword = newLink(owner, registered);
        assertEquals(400, hasPassword.statusCode());
        assertTrue(hasPassword.body().contains("rhea@example.org has a password of their own"), hasPassword.body());
        assertFalse(SHOWN_LINK.matcher(hasPassword.body()).find());
        assertEquals(404, newLink(owner, 999_999).statusCode(), "not a student of this course");
        assertEquals(0, server.count("SELECT COUNT(*) FROM audit_log WHERE action = 'invitation-reissued' "
                + "AND detail = 'rhea@example.org'"));
    }
}
