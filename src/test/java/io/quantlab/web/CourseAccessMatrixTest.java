package io.quantlab.web;

import static io.quantlab.web.Browserless.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.TestServer;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may reach a course's pages and API: the admin, its owner, a co-instructor, an instructor of
 * another course, an enrolled student, a student of another course and an anonymous visitor, on
 * every route; and guessed ids. A course that is not an instructor's own answers 404 like one that
 * does not exist; students are refused (403) whatever the id; anonymous visitors are sent to sign in.
 */
class CourseAccessMatrixTest extends ServerTest {
    private static final String PASSWORD = "long-enough-password";
    private static final Map<String, Actor> ACTORS = new LinkedHashMap<>();
    private static long course;
    private static long student;

    /** One person: a signed-in page client and an API token (both null for the anonymous visitor). */
    record Actor(Browserless pages, String token, String csrf) {
    }

    @BeforeAll
    static void theCastOfOneCourse() throws Exception {
        ACTORS.put("admin", signedIn(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD));
        ACTORS.put("owner", instructor("owen"));
        ACTORS.put("co-instructor", instructor("cora"));
        ACTORS.put("other instructor", instructor("otto"));
        HttpResponse<String> created = api(ACTORS.get("owner"), "POST", "/api/courses", "{\"name\":\"Matrix 101\"}");
        assertEquals(201, created.statusCode(), created.body());
        course = Browserless.json(created).get("id").asLong();
        String code = Browserless.json(created).get("joinCode").asText();
        assertEquals(201, api(ACTORS.get("other instructor"), "POST", "/api/courses", "{\"name\":\"Elsewhere\"}")
                .statusCode());
        Actor owner = ACTORS.get("owner");
        assertEquals(303, owner.pages().postForm("/courses/" + course + "/instructors",
                form("_csrf", owner.csrf(), "email", "cora@example.org")).statusCode());
        ACTORS.put("enrolled student", student("stella", code));
        ACTORS.put("other student", student("sam", server.joinCode()));
        ACTORS.put("anonymous", new Actor(new Browserless(server.url("")), null, null));
        student = Browserless.json(api(owner, "GET", "/api/courses/" + course + "/roster", null))
                .get("students").get(0).get("id").asLong();
    }

    static Actor signedIn(String email, String password) throws Exception {
        Browserless pages = new Browserless(server.url(""));
        assertEquals(303, pages.signIn(email, password).statusCode());
        return new Actor(pages, pages.apiToken(email, password), pages.csrfFrom("/course"));
    }

    static Actor instructor(String name) throws Exception {
        new Browserless(server.url("")).registerStudent(server.joinCode(), name, name + "@example.org", PASSWORD);
        server.sql("DELETE FROM enrollments WHERE user_id = (SELECT id FROM users WHERE email = '" + name
                + "@example.org')");
        server.sql("UPDATE users SET role = 'INSTRUCTOR' WHERE email = '" + name + "@example.org'");
        return signedIn(name + "@example.org", PASSWORD);
    }

    static Actor student(String name, String code) throws Exception {
        new Browserless(server.url("")).registerStudent(code, name, name + "@example.org", PASSWORD);
        return signedIn(name + "@example.org", PASSWORD);
    }

    static HttpResponse<String> api(Actor actor, String method, String path, String body) throws Exception {
        return actor.pages().api(method, path, actor.token(), body);
    }

    /** The status each actor gets, in the order of ACTORS. */
    private static List<Integer> statuses(Request request) throws Exception {
        List<Integer> out = new java.util.ArrayList<>();
        for (Actor actor : ACTORS.values()) {
            out.add(request.send(actor).statusCode());
        }
        return out;
    }

    @FunctionalInterface
    interface Request {
        HttpResponse<String> send(Actor actor) throws Exception;
    }

    //                                          admin owner co   other stud other-stud anonymous
    private static final List<Integer> API_READ = List.of(200, 200, 200, 404, 403, 403, 401);
    private static final List<Integer> PAGE_READ = List.of(200, 200, 200, 404, 403, 403, 302);
    /** An anonymous visitor's post is sent to sign in (303 to /signin), having changed nothing. */
    private static final List<Integer> PAGE_CHANGE = List.of(303, 303, 303, 404, 403, 403, 303);

    @Test
    void theCourseApiAnswersOnlyItsInstructors() throws Exception {
        for (String path : List.of("/api/courses/" + course + "/roster", "/api/courses/" + course + "/roster.csv")) {
            assertEquals(API_READ, statuses(a -> api(a, "GET", path, null)), path);
        }
        assertEquals(List.of(200, 200, 200, 404, 403, 403, 401), statuses(a -> a.pages().api("POST",
                "/api/courses/" + course + "/roster.csv", a.token(), "email,name\nstella@example.org,Stella\n")));
        assertEquals(List.of(201, 201, 201, 201, 403, 403, 401),
                statuses(a -> api(a, "POST", "/api/courses", "{\"name\":\"Made by a matrix\"}")));
        HttpResponse<String> roster = api(ACTORS.get("co-instructor"), "GET", "/api/courses/" + course + "/roster", null);
        assertTrue(roster.body().contains("\"email\":\"stella@example.org\""), roster.body());
        assertFalse(roster.body().contains("sam@example.org"), "only this course's students");
    }

    @Test
    void guessedCourseIdsAreAnsweredLikeMissingOnes() throws Exception {
        Actor other = ACTORS.get("other instructor");
        HttpResponse<String> someoneElses = api(other, "GET", "/api/courses/" + course + "/roster", null);
        HttpResponse<String> missing = api(other, "GET", "/api/courses/987654/roster", null);
        assertEquals(404, missing.statusCode());
        assertEquals(Browserless.json(someoneElses).get("error").asText().replace(course + "", "N"),
                Browserless.json(missing).get("error").asText().replace("987654", "N"));
        assertEquals(404, api(ACTORS.get("owner"), "GET", "/api/courses/987654/roster", null).statusCode());
        assertEquals(404, api(ACTORS.get("owner"), "GET", "/api/courses/abc/roster", null).statusCode());
        assertEquals(404, ACTORS.get("owner").pages().get("/courses/987654").statusCode());
        assertEquals(404, ACTORS.get("owner").pages().get("/courses/" + course + "/students/987654/remove")
                .statusCode(), "a student id that is not in the course");
        String otherStudent = Browserless.json(api(ACTORS.get("admin"), "GET", "/api/courses/1/roster", null))
                .get("students").get(0).get("id").asText();
        assertEquals(404, ACTORS.get("owner").pages().get("/courses/" + course + "/students/" + otherStudent
                + "/remove").statusCode(), "a student of another course");
    }

    @Test
    void theCoursePagesAnswerOnlyItsInstructors() throws Exception {
        for (String path : List.of("/courses/" + course, "/courses/" + course + "/as-student",
                "/courses/" + course + "/roster.csv", "/courses/" + course + "/students/" + student + "/remove")) {
            assertEquals(PAGE_READ, statuses(a -> a.pages().get(path)), path);
        }
        assertEquals(List.of(200, 200, 200, 200, 200, 200, 302), statuses(a -> a.pages().get("/course")));
        String others = ACTORS.get("other instructor").pages().get("/course").body();
        assertFalse(others.contains("Matrix 101"), "an instructor's course list holds only their courses");
        assertTrue(ACTORS.get("admin").pages().get("/course").body().contains("Matrix 101"));
    }

    @Test
    void onlyItsInstructorsChangeTheCourse() throws Exception {
        String base = "/courses/" + course;
        assertEquals(PAGE_CHANGE, statuses(a -> a.pages().postForm(base + "/name",
                form("_csrf", csrf(a), "name", "Matrix 101"))));
        assertEquals(PAGE_CHANGE, statuses(a -> a.pages().postForm(base + "/join-code/enabled",
                form("_csrf", csrf(a), "enabled", "true"))));
        String before = Browserless.json(api(ACTORS.get("owner"), "GET", "/api/courses/" + course + "/roster", null))
                .get("joinCode").asText();
        assertEquals(PAGE_CHANGE, statuses(a -> a.pages().postForm(base + "/join-code/rotate", form("_csrf", csrf(a)))));
        String after = Browserless.json(api(ACTORS.get("owner"), "GET", "/api/courses/" + course + "/roster", null))
                .get("joinCode").asText();
        assertFalse(before.equals(after));
        assertEquals(List.of(400, 400, 400, 404, 403, 403, 303), statuses(a -> a.pages().postForm(base + "/instructors",
                form("_csrf", csrf(a), "email", "cora@example.org"))), "cora already teaches it: 400 for those who may");
        assertEquals("Matrix 101", Browserless.json(api(ACTORS.get("owner"), "GET", "/api/courses/" + course
                + "/roster", null)).get("name").asText(), "nobody else renamed it");
    }

    @Test
    void onlyItsInstructorsRemoveAStudentAndTheStudentLosesAccess() throws Exception {
        long removed = Browserless.json(api(ACTORS.get("owner"), "POST", "/api/courses/" + course + "/roster.csv",
                "leaving@example.org,Leaving")).get("rows").get(0).path("row").asLong();
        assertEquals(1, removed);
        long id = Browserless.json(api(ACTORS.get("owner"), "GET", "/api/courses/" + course + "/roster", null))
                .get("students").findValues("email").stream().map(n -> n.asText()).toList()
                .indexOf("leaving@example.org");
        long leaving = Browserless.json(api(ACTORS.get("owner"), "GET", "/api/courses/" + course + "/roster", null))
                .get("students").get((int) id).get("id").asLong();
        String path = "/courses/" + course + "/students/" + leaving + "/remove";
        List<Integer> refused = new java.util.ArrayList<>();
        for (String who : List.of("other instructor", "enrolled student", "other student", "anonymous")) {
            Actor a = ACTORS.get(who);
            refused.add(a.pages().postForm(path, form("_csrf", csrf(a))).statusCode());
        }
        assertEquals(List.of(404, 403, 403, 303), refused);
        assertEquals("/signin", ACTORS.get("anonymous").pages().postForm(path, form("_csrf",
                csrf(ACTORS.get("anonymous")))).headers().firstValue("Location").orElseThrow());
        assertTrue(api(ACTORS.get("owner"), "GET", "/api/courses/" + course + "/roster", null).body()
                .contains("leaving@example.org"), "still enrolled");
        Actor co = ACTORS.get("co-instructor");
        assertEquals(303, co.pages().postForm(path, form("_csrf", co.csrf())).statusCode());
        assertEquals(404, co.pages().postForm(path, form("_csrf", co.csrf())).statusCode(), "already removed");
        assertFalse(api(co, "GET", "/api/courses/" + course + "/roster", null).body().contains("leaving@example.org"));
        assertEquals(1, server.count("SELECT COUNT(*) FROM enrollment_removals WHERE user_id = " + leaving));
        assertEquals(1, server.count("SELECT COUNT(*) FROM audit_log WHERE action = 'student-removed' AND detail = "
                + "'course " + course + ": user " + leaving + "'"));
    }

    @Test
    void aStudentSeesOnlyTheirOwnCoursesAndNoJoinCodes() throws Exception {
        Actor stella = ACTORS.get("enrolled student");
        HttpResponse<String> list = api(stella, "GET", "/api/courses", null);
        assertEquals(200, list.statusCode());
        assertEquals(1, Browserless.json(list).size());
        assertFalse(list.body().contains("joinCode"), list.body());
        String home = stella.pages().get("/course").body();
        assertTrue(home.contains("Matrix 101"));
        assertFalse(home.contains("Quantization seminar"), "not the course she does not take");
        assertTrue(home.contains("Taught by owen, cora"), "her teachers, by name");
    }

    @Test
    void everyStateChangingCoursePageNeedsTheFormsToken() throws Exception {
        Actor owner = ACTORS.get("owner");
        String base = "/courses/" + course;
        for (String path : List.of(base + "/name", base + "/join-code/rotate", base + "/join-code/enabled",
                base + "/instructors", base + "/students/" + student + "/remove", base + "/roster", "/course",
                "/course/join")) {
            assertEquals(403, owner.pages().postForm(path, form("name", "Hijacked", "enabled", "false",
                    "email", "otto@example.org", "joinCode", "X")).statusCode(), path + " without a token");
            assertEquals(403, owner.pages().postForm(path, form("_csrf", "forged", "name", "Hijacked",
                    "enabled", "false", "email", "otto@example.org")).statusCode(), path + " with a forged token");
            assertEquals(403, owner.pages().postForm(path, form("_csrf", ACTORS.get("co-instructor").csrf(),
                    "name", "Hijacked")).statusCode(), path + " with another person's token");
        }
        assertEquals(403, owner.pages().postMultipart(base + "/roster", Map.of(), "csv", "r.csv",
                "evil@example.org,Evil".getBytes()).statusCode(), "an upload without a token");
        HttpResponse<String> roster = api(owner, "GET", "/api/courses/" + course + "/roster", null);
        assertFalse(roster.body().contains("Hijacked"));
        assertFalse(roster.body().contains("evil@example.org"));
        assertTrue(roster.body().contains("stella@example.org"), "nobody was removed");
    }

    private static String csrf(Actor actor) throws Exception {
        return actor.csrf() != null ? actor.csrf() : actor.pages().csrfFrom("/signin");
    }
}
