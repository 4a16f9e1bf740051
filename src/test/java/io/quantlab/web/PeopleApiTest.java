package io.quantlab.web;

import static io.quantlab.web.Browserless.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quantlab.Json;
import io.quantlab.TestServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The administrator's People page and its API: who may use them (only the admin), making an
 * instructor who chooses their password on a one-time link, switching an account between student
 * and instructor, every refusal (a 400 naming the field, nothing stored), the audit log, and the
 * co-instructor such an account becomes.
 */
class PeopleApiTest extends ServerTest {
    private static final String PASSWORD = "long-enough-password";
    private static Browserless admin;
    private static String adminToken;
    private static String studentToken;
    private static Browserless student;
    private static String instructorToken;
    private static Browserless instructor;

    @BeforeAll
    static void anAdminAStudentAndAnInstructor() throws Exception {
        admin = new Browserless(server.url(""));
        assertEquals(303, admin.signIn(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD).statusCode());
        adminToken = admin.apiToken(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        student = new Browserless(server.url(""));
        studentToken = student(student, "stu", "stu@example.org");
        instructor = newInstructor("Ian", "ian@example.org", PASSWORD);
        instructorToken = instructor.apiToken("ian@example.org", PASSWORD);
    }

    private static HttpResponse<String> api(String token, String method, String path, Object body) throws Exception {
        return admin.api(method, path, token, body == null ? null : body instanceof String s ? s : Json.write(body));
    }

    private static JsonNode person(String email) throws Exception {
        JsonNode all = Browserless.json(api(adminToken, "GET", "/api/users", null));
        return StreamSupport.stream(all.spliterator(), false).filter(p -> p.get("email").asText().equals(email))
                .findFirst().orElseThrow(() -> new AssertionError("no " + email + " in " + all));
    }

    private static long audited(String action, String detail) throws Exception {
        return server.count("SELECT COUNT(*) FROM audit_log WHERE action = '" + action + "' AND detail = '" + detail
                + "' AND user_id = (SELECT id FROM users WHERE email = '" + TestServer.ADMIN_EMAIL + "')");
    }

    private static void assertRefused(HttpResponse<String> r, int status, String field, String hint) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode error = Browserless.json(r);
        assertEquals(field, error.path("field").asText(), r.body());
        assertTrue(error.get("error").asText().contains(hint), r.body());
    }

    @Test
    void onlyTheAdministratorReachesPeopleAndItsApi() throws Exception {
        long users = server.count("SELECT COUNT(*) FROM users");
        long studentId = person("stu@example.org").get("id").asLong();
        for (String token : List.of(studentToken, instructorToken)) {
            assertEquals(403, api(token, "GET", "/api/users", null).statusCode());
            HttpResponse<String> create = api(token, "POST", "/api/users",
                    Map.of("email", "sneaky@example.org", "name", "Sneaky", "role", "instructor"));
            assertEquals(403, create.statusCode(), create.body());
            assertTrue(Browserless.json(create).get("error").asText().contains("only an administrator"));
            assertEquals(403, api(token, "POST", "/api/users", Map.of("role", "admin")).statusCode(),
                    "refused before the body is judged");
            assertEquals(403, api(token, "PATCH", "/api/users/" + studentId, Map.of("role", "instructor")).statusCode());
            assertEquals(403, api(token, "PATCH", "/api/users/abc", Map.of("role", "instructor")).statusCode());
        }
        assertEquals(401, api(null, "GET", "/api/users", null).statusCode());
        assertEquals(200, api(adminToken, "GET", "/api/users", null).statusCode());
        assertEquals(users, server.count("SELECT COUNT(*) FROM users"), "nothing stored");
        assertEquals("student", person("stu@example.org").get("role").asText());

        for (Browserless pages : List.of(student, instructor)) {
            assertEquals(403, pages.get("/admin/people").statusCode());
            assertFalse(pages.get("/course").body().contains("href=\"/admin/people\""), "no People link");
            assertEquals(403, pages.postForm("/admin/people", form("_csrf", pages.csrfFrom("/course"),
                    "email", "sneaky@example.org", "name", "Sneaky")).statusCode());
            assertEquals(403, pages.postForm("/admin/people/" + studentId + "/role", form("_csrf",
                    pages.csrfFrom("/course"), "role", "instructor")).statusCode());
        }
        assertEquals(302, new Browserless(server.url("")).get("/admin/people").statusCode(), "sent to sign in");
        assertEquals(200, admin.get("/admin/people").statusCode());
        assertTrue(admin.get("/course").body().contains("href=\"/admin/people\""), "the admin's nav links People");
        assertEquals(users, server.count("SELECT COUNT(*) FROM users"), "nothing stored");
    }

    @Test
    void anAdministratorMakesAnInstructorWhoChoosesTheirPasswordOnTheLink() throws Exception {
        HttpResponse<String> created = api(adminToken, "POST", "/api/users",
                Map.of("email", " Nora@Example.org ", "name", "Nora", "role", "instructor"));
        assertEquals(201, created.statusCode(), created.body());
        JsonNode answer = Browserless.json(created);
        String link = answer.get("invitationUrl").asText();
        assertTrue(link.matches("/invite/[A-Za-z0-9_-]{43}"), link);
        JsonNode nora = person("nora@example.org");
        assertEquals(answer.get("id").asLong(), nora.get("id").asLong());
        assertEquals("instructor", nora.get("role").asText());
        assertTrue(nora.get("invitationPending").asBoolean());
        assertTrue(nora.get("lastActiveAt").isNull());
        assertEquals(1, audited("instructor-invited", "nora@example.org"));
        assertEquals(1, server.count("SELECT COUNT(*) FROM invitations WHERE course_id IS NULL AND user_id = "
                + nora.get("id").asLong()), "an invitation of no course");

        Browserless noras = new Browserless(server.url(""));
        assertEquals(401, noras.signIn("nora@example.org", "").statusCode(), "no password before the link");
        String page = noras.get(link).body();
        assertTrue(page.contains("Welcome to QuantLab") && page.contains("nora@example.org")
                && page.contains("id=\"invited-role\">instructor<"), page);
        assertEquals(400, noras.postForm(link, form("_csrf", noras.csrfFrom(link), "password", "short")).statusCode());
        noras.acceptInvitation(link, "noras-own-password");
        assertTrue(noras.get("/course").body().contains("<span class=\"role\">instructor</span>"), "signed in");
        assertEquals(404, new Browserless(server.url("")).get(link).statusCode(), "the link works once");
        assertEquals(303, new Browserless(server.url("")).signIn("nora@example.org", "noras-own-password")
                .statusCode());
        assertFalse(person("nora@example.org").get("invitationPending").asBoolean());
        assertFalse(person("nora@example.org").get("lastActiveAt").isNull());
        String noraToken = noras.apiToken("nora@example.org", "noras-own-password");
        assertEquals(201, noras.api("POST", "/api/courses", noraToken, "{\"name\":\"Nora's course\"}").statusCode(),
                "an instructor creates courses");
    }

    @Test
    void aBadNewInstructorIsRefusedNamingTheFieldAndNothingIsStored() throws Exception {
        long users = server.count("SELECT COUNT(*) FROM users");
        long invitations = server.count("SELECT COUNT(*) FROM invitations");
        assertRefused(api(adminToken, "POST", "/api/users", Map.of("email", "stu@example.org", "name", "Stu",
                "role", "instructor")), 400, "email", "already exists");
        assertRefused(api(adminToken, "POST", "/api/users", Map.of("email", TestServer.ADMIN_EMAIL.toUpperCase(),
                "role", "instructor")), 400, "email", "already exists");
        assertRefused(api(adminToken, "POST", "/api/users", Map.of("email", "not-an-address", "role", "instructor")),
                400, "email", "name@example.org");
        assertRefused(api(adminToken, "POST", "/api/users", Map.of("name", "No Mail", "role", "instructor")),
                400, "email", "name@example.org");
        assertRefused(api(adminToken, "POST", "/api/users", Map.of("email", List.of("a@example.org"),
                "role", "instructor")), 400, "email", "must be a string");
        assertRefused(api(adminToken, "POST", "/api/users", Map.of("email", "long@example.org", "name", "x".repeat(101),
                "role", "instructor")), 400, "name", "at most 100");
        assertRefused(api(adminToken, "POST", "/api/users", Map.of("email", "boss@example.org", "role", "admin")),
                400, "role", "first start");
        assertRefused(api(adminToken, "POST", "/api/users", Map.of("email", "kid@example.org", "role", "student")),
                400, "role", "join code");
        assertRefused(api(adminToken, "POST", "/api/users", Map.of("email", "none@example.org")), 400, "role",
                "instructor");
        assertEquals(400, api(adminToken, "POST", "/api/users", "[1]").statusCode());
        assertEquals(400, api(adminToken, "POST", "/api/users", "{\"email\":").statusCode());
        assertEquals(users, server.count("SELECT COUNT(*) FROM users"), "nothing stored");
        assertEquals(invitations, server.count("SELECT COUNT(*) FROM invitations"));
    }

    @Test
    void aStudentBecomesAnInstructorLeavingTheirCoursesAndBackAgain() throws Exception {
        Browserless pat = new Browserless(server.url(""));
        student(pat, "pat", "pat@example.org");
        long id = person("pat@example.org").get("id").asLong();
        assertEquals(1, server.count("SELECT COUNT(*) FROM enrollments WHERE user_id = " + id));

        HttpResponse<String> promoted = api(adminToken, "PATCH", "/api/users/" + id, Map.of("role", "instructor"));
        assertEquals(200, promoted.statusCode(), promoted.body());
        JsonNode answer = Browserless.json(promoted);
        assertEquals("instructor", answer.get("role").asText());
        assertEquals("[\"Quantization seminar\"]", answer.get("leftCourses").toString());
        assertEquals(0, server.count("SELECT COUNT(*) FROM enrollments WHERE user_id = " + id));
        assertEquals(1, server.count("SELECT COUNT(*) FROM enrollment_removals WHERE user_id = " + id));
        assertEquals(1, audited("role-changed", "pat@example.org: STUDENT -> INSTRUCTOR, left Quantization seminar"));
        assertTrue(pat.get("/course").body().contains("<span class=\"role\">instructor</span>"),
                "the role holds on the next request of an open session");

        assertEquals(200, api(adminToken, "PATCH", "/api/users/" + id, Map.of("role", "instructor")).statusCode(),
                "asking again changes nothing");
        assertEquals(1, server.count("SELECT COUNT(*) FROM audit_log WHERE action = 'role-changed' AND detail LIKE "
                + "'pat@example.org:%'"), "and records nothing");

        HttpResponse<String> demoted = api(adminToken, "PATCH", "/api/users/" + id, Map.of("role", "student"));
        assertEquals(200, demoted.statusCode(), demoted.body());
        assertEquals("student", Browserless.json(demoted).get("role").asText());
        assertEquals("[]", Browserless.json(demoted).get("leftCourses").toString());
        assertEquals(1, audited("role-changed", "pat@example.org: INSTRUCTOR -> STUDENT"));
        assertTrue(pat.get("/course").body().contains("<span class=\"role\">student</span>"), "a student again");
    }

    @Test
    void roleChangesThatCannotBeAreRefusedNamingTheField() throws Exception {
        long adminId = person(TestServer.ADMIN_EMAIL).get("id").asLong();
        long studentId = person("stu@example.org").get("id").asLong();
        long changes = server.count("SELECT COUNT(*) FROM audit_log WHERE action = 'role-changed'");
        assertRefused(api(adminToken, "PATCH", "/api/users/" + adminId, Map.of("role", "instructor")), 400, "role",
                "your own role");
        assertRefused(api(adminToken, "PATCH", "/api/users/" + adminId, Map.of("role", "student")), 400, "role",
                "your own role");
        assertRefused(api(adminToken, "PATCH", "/api/users/" + studentId, Map.of("role", "admin")), 400, "role",
                "first start");
        assertRefused(api(adminToken, "PATCH", "/api/users/" + studentId, Map.of("role", "teacher")), 400, "role",
                "'teacher'");
        assertRefused(api(adminToken, "PATCH", "/api/users/" + studentId, Map.of("role", 1)), 400, "role",
                "must be a string");
        assertRefused(api(adminToken, "PATCH", "/api/users/" + studentId, Map.of()), 400, "role", "instructor or student");
        assertRefused(api(adminToken, "PATCH", "/api/users/987654", Map.of("role", "student")), 404, "id",
                "no account 987654");
        assertEquals(404, api(adminToken, "PATCH", "/api/users/abc", Map.of("role", "student")).statusCode());

        Browserless owner = newInstructor("Olga", "olga@example.org", PASSWORD);
        String olgaToken = owner.apiToken("olga@example.org", PASSWORD);
        assertEquals(201, owner.api("POST", "/api/courses", olgaToken, "{\"name\":\"<b>Olga's</b> course\"}")
                .statusCode());
        long olga = person("olga@example.org").get("id").asLong();
        assertRefused(api(adminToken, "PATCH", "/api/users/" + olga, Map.of("role", "student")), 400, "role",
                "olga@example.org still teaches '<b>Olga's</b> course'");

        assertEquals("admin", person(TestServer.ADMIN_EMAIL).get("role").asText());
        assertEquals("student", person("stu@example.org").get("role").asText());
        assertEquals("instructor", person("olga@example.org").get("role").asText());
        assertEquals(changes, server.count("SELECT COUNT(*) FROM audit_log WHERE action = 'role-changed'"));

        HttpResponse<String> page = admin.postForm("/admin/people/" + olga + "/role",
                form("_csrf", admin.csrfFrom("/admin/people"), "role", "student"));
        assertEquals(400, page.statusCode());
        assertTrue(page.body().contains("data-field=\"role\""), "the page names the field too");
        assertTrue(page.body().contains("still teaches '&lt;b&gt;Olga's&lt;/b&gt; course'"), "escaped on the page");
        assertFalse(page.body().contains("<b>Olga"));
    }

    @Test
    void thePeoplePageCreatesAnInstructorShowsTheLinkOnceAndEscapesHostileText() throws Exception {
        String csrf = admin.csrfFrom("/admin/people");
        assertEquals(403, admin.postForm("/admin/people", form("email", "nocsrf@example.org", "name", "No")).statusCode());
        assertEquals(403, admin.postForm("/admin/people", form("_csrf", "forged", "email", "nocsrf@example.org"))
                .statusCode());
        assertEquals(0, server.count("SELECT COUNT(*) FROM users WHERE email = 'nocsrf@example.org'"));

        HttpResponse<String> created = admin.postForm("/admin/people", form("_csrf", csrf,
                "email", "hostile@example.org", "name", "<script>alert(1)</script>"));
        assertEquals(200, created.statusCode(), created.body());
        assertTrue(created.body().matches("(?s).*id=\"invitation-link\" value=\"/invite/[A-Za-z0-9_-]{43}\".*"));
        assertTrue(created.body().contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertFalse(created.body().contains("<script>alert"));
        String again = admin.get("/admin/people").body();
        assertFalse(again.contains("id=\"invitation-link\""), "the link is shown once");
        assertTrue(again.contains("invited, no password yet"));

        HttpResponse<String> bad = admin.postForm("/admin/people", form("_csrf", csrf,
                "email", "\"><img src=x onerror=alert(1)>", "name", "Typed <i>name</i>"));
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("data-field=\"email\""));
        assertFalse(bad.body().contains("<img src=x"), "what was typed comes back escaped");
        assertTrue(bad.body().contains("value=\"Typed &lt;i>name&lt;/i>\""), "and kept in the form (escaped as an attribute)");
        assertEquals(400, admin.postForm("/admin/people", form("_csrf", csrf, "email", "hostile@example.org"))
                .statusCode(), "a duplicate from the page too");

        long sid = person("stu@example.org").get("id").asLong();
        HttpResponse<String> noToken = admin.postForm("/admin/people/" + sid + "/role", form("role", "instructor"));
        assertEquals(403, noToken.statusCode());
        assertEquals("student", person("stu@example.org").get("role").asText());
    }

    @Test
    void aLostOrExpiredLinkIsReplacedByANewOneUntilThePasswordIsChosen() throws Exception {
        HttpResponse<String> created = api(adminToken, "POST", "/api/users",
                Map.of("email", "lost@example.org", "name", "Lost", "role", "instructor"));
        long id = Browserless.json(created).get("id").asLong();
        String first = Browserless.json(created).get("invitationUrl").asText();
        assertEquals(403, api(studentToken, "POST", "/api/users/" + id + "/invitation", null).statusCode());
        assertEquals(403, api(instructorToken, "POST", "/api/users/" + id + "/invitation", null).statusCode());

        HttpResponse<String> again = api(adminToken, "POST", "/api/users/" + id + "/invitation", null);
        assertEquals(201, again.statusCode(), again.body());
        String second = Browserless.json(again).get("invitationUrl").asText();
        assertFalse(second.equals(first));
        assertEquals(404, new Browserless(server.url("")).get(first).statusCode(), "the old link stops working");
        assertEquals(1, audited("invitation-reissued", "lost@example.org"));
        Browserless lost = new Browserless(server.url(""));
        lost.acceptInvitation(second, "found-my-password");
        assertRefused(api(adminToken, "POST", "/api/users/" + id + "/invitation", null), 400, "id",
                "lost@example.org has a password of their own");
        assertRefused(api(adminToken, "POST", "/api/users/" + person("stu@example.org").get("id").asLong()
                + "/invitation", null), 400, "id", "has a password of their own");
        assertRefused(api(adminToken, "POST", "/api/users/987654/invitation", null), 404, "id", "no account 987654");

        HttpResponse<String> imported = api(adminToken, "POST", "/api/courses/1/roster.csv", "rosa@example.org,Rosa");
        assertEquals(200, imported.statusCode(), imported.body());
        long rosa = person("rosa@example.org").get("id").asLong();
        String csrf = admin.csrfFrom("/admin/people");
        assertTrue(admin.get("/admin/people").body().contains("action=\"/admin/people/" + rosa + "/invitation\""),
                "the page offers a new link while the invitation is unused");
        HttpResponse<String> page = admin.postForm("/admin/people/" + rosa + "/invitation", form("_csrf", csrf));
        assertEquals(200, page.statusCode());
        java.util.regex.Matcher link = java.util.regex.Pattern.compile("value=\"(/invite/[A-Za-z0-9_-]{43})\"")
                .matcher(page.body());
        assertTrue(link.find(), page.body());
        assertTrue(new Browserless(server.url("")).get(link.group(1)).body().contains("Welcome to Quantization seminar"),
                "a student's new link still names their course");
        assertEquals(403, admin.postForm("/admin/people/" + rosa + "/invitation", form()).statusCode(), "no token");
    }

    /**
     * The whole way to a co-instructor: the admin makes an instructor, who sets a password on the link,
     * signs in, is added to the admin's course and then sees its roster and dashboard; an instructor of
     * no course does not. Once teaching, they cannot be made a student.
     */
    @Test
    void anInstructorTheAdminMadeCoTeachesTheAdminsCourse() throws Exception {
        HttpResponse<String> created = api(adminToken, "POST", "/api/users",
                Map.of("email", "cora@example.org", "name", "Cora", "role", "instructor"));
        String link = Browserless.json(created).get("invitationUrl").asText();
        Browserless cora = new Browserless(server.url(""));
        cora.acceptInvitation(link, "coras-own-password");
        Browserless signedIn = new Browserless(server.url(""));
        assertEquals(303, signedIn.signIn("cora@example.org", "coras-own-password").statusCode());
        Browserless stranger = newInstructor("Sven", "sven@example.org", PASSWORD);
        assertEquals(404, signedIn.get("/courses/1").statusCode(), "not hers yet");

        HttpResponse<String> added = admin.postForm("/courses/1/instructors", form("_csrf", admin.csrfFrom("/courses/1"),
                "email", "cora@example.org"));
        assertEquals(303, added.statusCode(), added.body());

        String coraToken = signedIn.apiToken("cora@example.org", "coras-own-password");
        HttpResponse<String> roster = signedIn.api("GET", "/api/courses/1/roster", coraToken, null);
        assertEquals(200, roster.statusCode());
        assertTrue(roster.body().contains("stu@example.org"), "she sees its students");
        assertTrue(roster.body().contains("\"email\":\"cora@example.org\",\"role\":\"co-instructor\""), roster.body());
        assertEquals(200, signedIn.get("/courses/1").statusCode());
        assertEquals(200, signedIn.get("/courses/1/dashboard").statusCode());
        assertTrue(signedIn.get("/course").body().contains("Quantization seminar"));

        String svenToken = stranger.apiToken("sven@example.org", PASSWORD);
        assertEquals(404, stranger.api("GET", "/api/courses/1/roster", svenToken, null).statusCode());
        assertEquals(404, stranger.get("/courses/1").statusCode());
        assertEquals(404, stranger.get("/courses/1/dashboard").statusCode());

        long coraId = person("cora@example.org").get("id").asLong();
        assertEquals("[\"Quantization seminar\"]", person("cora@example.org").get("teaches").toString());
        assertRefused(api(adminToken, "PATCH", "/api/users/" + coraId, Map.of("role", "student")), 400, "role",
                "still teaches 'Quantization seminar'; remove a co-instructor");

        String remove = "/courses/1/instructors/" + coraId + "/remove";
        assertTrue(admin.get("/courses/1").body().contains("action=\"" + remove + "\""));
        assertEquals(404, stranger.postForm(remove, form("_csrf", stranger.csrfFrom("/course"))).statusCode());
        assertEquals(403, student.postForm(remove, form("_csrf", student.csrfFrom("/course"))).statusCode());
        assertEquals(403, admin.postForm(remove, form()).statusCode(), "no token");
        String csrf = admin.csrfFrom("/courses/1");
        long adminId = person(TestServer.ADMIN_EMAIL).get("id").asLong();
        HttpResponse<String> owner = admin.postForm("/courses/1/instructors/" + adminId + "/remove", form("_csrf", csrf));
        assertEquals(400, owner.statusCode());
        assertTrue(owner.body().contains("data-field=\"instructor\"") && owner.body().contains("owns this course"));
        assertEquals(404, admin.postForm("/courses/1/instructors/987654/remove", form("_csrf", csrf)).statusCode());
        assertEquals(200, signedIn.get("/courses/1").statusCode(), "still hers after every refusal");

        assertEquals(303, admin.postForm(remove, form("_csrf", csrf)).statusCode());
        assertEquals(1, audited("co-instructor-removed", "course 1: cora@example.org"));
        assertEquals(404, signedIn.get("/courses/1").statusCode(), "no longer hers");
        assertEquals(404, signedIn.api("GET", "/api/courses/1/roster", coraToken, null).statusCode());
        assertEquals(404, admin.postForm(remove, form("_csrf", csrf)).statusCode(), "already removed");
        assertEquals(200, api(adminToken, "PATCH", "/api/users/" + coraId, Map.of("role", "student")).statusCode(),
                "teaching nothing, she can be made a student");
    }
}
