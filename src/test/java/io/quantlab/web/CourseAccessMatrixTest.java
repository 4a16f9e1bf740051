package io.quantlab.web;

import static io.quantlab.web.Browserless.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quantlab.TestServer;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may reach a course's pages and API, and its students' experiments: the admin, its owner, a
 * co-instructor, an instructor of another course, an enrolled student, a student of another course
 * and an anonymous visitor, on every route; and guessed ids. A course that is not an instructor's
 * own answers 404 like one that does not exist; students are refused (403) whatever the id;
 * anonymous visitors are sent to sign in. A student's experiment is read-only for the instructors
 * of her course and 404 for everyone else.
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

    /** An instructor the admin made on the People API, signed in after choosing their password on the link. */
    static Actor instructor(String name) throws Exception {
        Browserless pages = newInstructor(name, name + "@example.org", PASSWORD);
        return new Actor(pages, pages.apiToken(name + "@example.org", PASSWORD), pages.csrfFrom("/course"));
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
        return statuses(List.copyOf(ACTORS.keySet()), request);
    }

    /** The status each of these actors gets, in this order. */
    private static List<Integer> statuses(List<String> who, Request request) throws Exception {
        List<Integer> out = new java.util.ArrayList<>();
        for (String name : who) {
            out.add(request.send(ACTORS.get(name)).statusCode());
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
    void onlyItsInstructorsListAddAndRemoveCoInstructorsThroughTheApi() throws Exception {
        String base = "/api/courses/" + course + "/instructors";
        assertEquals(API_READ, statuses(a -> api(a, "GET", base, null)));
        JsonNode listed = Browserless.json(api(ACTORS.get("co-instructor"), "GET", base, null)).get("instructors");
        assertEquals(List.of("owen@example.org", "cora@example.org"), listed.findValues("email").stream()
                .map(JsonNode::asText).toList().subList(0, 2), listed.toString());
        assertEquals("owner", listed.get(0).get("role").asText());
        assertEquals(List.of(400, 400, 400, 404, 403, 403, 401), statuses(a -> api(a, "POST", base,
                "{\"email\":\"cora@example.org\"}")), "cora already teaches it: 400 for those who may");
        newInstructor("ines", "ines@example.org", PASSWORD);
        assertEquals(List.of(404, 403, 403, 401), statuses(List.of("other instructor", "enrolled student",
                "other student", "anonymous"), a -> api(a, "POST", base, "{\"email\":\"ines@example.org\"}")));
        HttpResponse<String> student = api(ACTORS.get("owner"), "POST", base, "{\"email\":\"stella@example.org\"}");
        assertEquals(400, student.statusCode(), student.body());
        assertEquals("email", Browserless.json(student).get("field").asText(), "a student cannot co-teach");
        HttpResponse<String> added = api(ACTORS.get("co-instructor"), "POST", base, "{\"email\":\"ines@example.org\"}");
        assertEquals(201, added.statusCode(), added.body());
        long ines = Browserless.json(added).get("id").asLong();
        assertEquals("co-instructor", Browserless.json(added).get("role").asText());
        assertEquals(1, server.count("SELECT COUNT(*) FROM audit_log WHERE action = 'co-instructor-added' AND detail = "
                + "'course " + course + ": ines@example.org'"));

        long owen = listed.get(0).get("id").asLong();
        HttpResponse<String> owner = api(ACTORS.get("co-instructor"), "DELETE", base + "/" + owen, null);
        assertEquals(400, owner.statusCode(), owner.body());
        assertEquals("instructor", Browserless.json(owner).get("field").asText(), "the owner stays: " + owner.body());
        assertEquals(List.of(404, 403, 403, 401), statuses(List.of("other instructor", "enrolled student",
                "other student", "anonymous"), a -> api(a, "DELETE", base + "/" + ines, null)));
        assertTrue(api(ACTORS.get("owner"), "GET", base, null).body().contains("ines@example.org"), "still teaching");
        HttpResponse<String> removed = api(ACTORS.get("owner"), "DELETE", base + "/" + ines, null);
        assertEquals(200, removed.statusCode(), removed.body());
        assertFalse(removed.body().contains("ines@example.org"), removed.body());
        assertEquals(404, api(ACTORS.get("owner"), "DELETE", base + "/" + ines, null).statusCode(), "already removed");
        assertEquals(404, api(ACTORS.get("owner"), "DELETE", base + "/abc", null).statusCode());
        assertEquals(1, server.count("SELECT COUNT(*) FROM audit_log WHERE action = 'co-instructor-removed' AND "
                + "detail = 'course " + course + ": ines@example.org'"));
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
        String cora = Browserless.json(api(owner, "GET", "/api/courses/" + course + "/roster", null))
                .get("instructors").findValues("id").get(1).asText();
        for (String path : List.of(base + "/name", base + "/join-code/rotate", base + "/join-code/enabled",
                base + "/instructors", base + "/instructors/" + cora + "/remove", base + "/students/" + student
                + "/remove", base + "/roster", "/course", "/course/join")) {
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
        assertTrue(roster.body().contains("\"email\":\"cora@example.org\",\"role\":\"co-instructor\""),
                "no co-instructor either");
    }

    //                                                      admin owner co   other stella sam  anonymous
    private static final List<Integer> STELLAS_API = List.of(200, 200, 200, 404, 200, 404, 401);
    private static final List<Integer> STELLAS_PAGE = List.of(200, 200, 200, 404, 200, 404, 302);

    /**
     * Stella's experiments: her course's owner and co-instructor see them read-only (pages, API,
     * downloads, the leaderboard's links), an instructor of another course and another student get
     * the 404 of an experiment that does not exist; nobody but Stella (and the admin) cancels one,
     * quantizes her training as their own, or makes it a baseline.
     */
    @Test
    void aStudentsExperimentsAreReadOnlyForTheirCoursesInstructorsAndHiddenFromOthers() throws Exception {
        Actor stella = ACTORS.get("enrolled student");
        long training = startAndAwait(stella, TRAINING, "done");
        long ptq = startAndAwait(stella, "{\"kind\":\"ptq\",\"parent\":" + training + "}", "done");

        for (long id : List.of(training, ptq)) {
            assertEquals(STELLAS_API, statuses(a -> api(a, "GET", "/api/experiments/" + id, null)), "API #" + id);
            assertEquals(STELLAS_PAGE, statuses(a -> a.pages().get("/experiments/" + id)), "page #" + id);
            assertEquals(STELLAS_PAGE, statuses(a -> a.pages().get("/experiments/" + id + "/status")), "status #" + id);
        }
        assertEquals(STELLAS_API, statuses(a -> a.pages().api("GET", "/api/experiments/" + ptq + "/quantization.json",
                a.token(), null)));
        assertEquals(STELLAS_PAGE, statuses(a -> a.pages().get("/experiments/" + ptq + "/fp32.onnx")));
        HttpResponse<String> otto = api(ACTORS.get("other instructor"), "GET", "/api/experiments/" + training, null);
        HttpResponse<String> missing = api(ACTORS.get("other instructor"), "GET", "/api/experiments/987654", null);
        assertEquals(Browserless.json(missing).get("error").asText().replace("987654", "N"),
                Browserless.json(otto).get("error").asText().replace(training + "", "N"), "alike, so ids cannot be probed");

        String owners = ACTORS.get("owner").pages().get("/experiments/" + training).body();
        assertTrue(owners.contains("By stella"), "the owner reads her training");
        assertFalse(owners.contains("id=\"quantize-button\""), "read-only: no quantizing her training");
        assertFalse(owners.contains("id=\"baseline-form\""), "read-only: no making it a baseline");
        assertFalse(ACTORS.get("co-instructor").pages().get("/experiments/" + ptq).body().contains("quantize-again"));
        assertTrue(stella.pages().get("/experiments/" + training).body().contains("id=\"quantize-button\""));
        assertEquals(List.of(200, 404, 404, 404, 200, 404, 302),
                statuses(a -> a.pages().get("/experiments/" + training + "/quantize")), "the quantize form");
        long experiments = server.count("SELECT COUNT(*) FROM experiments");
        for (String who : List.of("owner", "co-instructor", "other instructor", "other student")) {
            HttpResponse<String> r = api(ACTORS.get(who), "POST", "/api/experiments",
                    "{\"kind\":\"ptq\",\"parent\":" + training + ",\"weightBits\":4}");
            assertEquals(404, r.statusCode(), who + ": " + r.body());
            assertEquals("parent", Browserless.json(r).get("field").asText());
        }
        assertEquals(experiments, server.count("SELECT COUNT(*) FROM experiments"), "nothing stored");
        Actor owner = ACTORS.get("owner");
        assertEquals(403, owner.pages().postForm("/experiments/" + training + "/baseline",
                form("_csrf", owner.csrf(), "courseId", String.valueOf(course))).statusCode());
        assertEquals(0, server.count("SELECT COUNT(*) FROM experiments WHERE baseline_course_id IS NOT NULL AND id = "
                + training));

        String ownersBoard = owner.pages().get("/leaderboard?dataset=synthetic&model=mlp").body();
        assertTrue(ownersBoard.contains("href=\"/experiments/" + training + "\""), "her row opens for her instructor");
        String othersBoard = ACTORS.get("other instructor").pages().get("/leaderboard?dataset=synthetic&model=mlp").body();
        assertFalse(othersBoard.contains("stella"), "not on another course's instructor's board");
    }

    @Test
    void onlyTheOwnerOfARunningJobOrTheAdminCancelsIt() throws Exception {
        Actor stella = ACTORS.get("enrolled student");
        long id = Browserless.json(api(stella, "POST", "/api/experiments", LONG_TRAINING)).get("id").asLong();

        String coInstructors = ACTORS.get("co-instructor").pages().get("/experiments/" + id).body();
        assertFalse(coInstructors.contains("cancel-button"), "read-only: no cancel button");
        assertTrue(stella.pages().get("/experiments/" + id).body().contains("cancel-button"));
        List<Integer> refused = new java.util.ArrayList<>();
        for (String who : List.of("owner", "co-instructor", "other instructor", "other student", "anonymous")) {
            refused.add(api(ACTORS.get(who), "DELETE", "/api/experiments/" + id, null).statusCode());
        }
        assertEquals(List.of(403, 403, 404, 404, 401), refused);
        HttpResponse<String> co = api(ACTORS.get("co-instructor"), "DELETE", "/api/experiments/" + id, null);
        assertEquals("experiment " + id + " is stella's; only its owner can cancel it",
                Browserless.json(co).get("error").asText());
        Actor owner = ACTORS.get("owner");
        assertEquals(403, owner.pages().postForm("/experiments/" + id + "/cancel", form("_csrf", owner.csrf()))
                .statusCode(), "nor from a page");
        assertEquals(0, server.count("SELECT COUNT(*) FROM audit_log WHERE action = 'experiment-cancel' AND detail = '#"
                + id + "'"));
        assertTrue(api(stella, "GET", "/api/experiments/" + id, null).body().matches(".*\"status\":\"(queued|running)\".*"));

        assertEquals(202, api(ACTORS.get("admin"), "DELETE", "/api/experiments/" + id, null).statusCode());
        stella.pages().awaitStatus(stella.token(), id, "cancelled", java.time.Duration.ofMinutes(1));
    }

    /** A co-instructor sees the course's baselines as its owner does; another course's instructor does not. */
    @Test
    void aCoursesBaselineIsSeenByItsCoInstructorAndStudentsOnly() throws Exception {
        Actor owner = ACTORS.get("owner");
        long baseline = startAndAwait(owner, TRAINING, "done");
        assertEquals(404, ACTORS.get("co-instructor").pages().get("/experiments/" + baseline).statusCode(),
                "an instructor's own training is not their co-instructor's to see");
        assertEquals(303, owner.pages().postForm("/experiments/" + baseline + "/baseline",
                form("_csrf", owner.csrf(), "courseId", String.valueOf(course))).statusCode());

        assertEquals(STELLAS_PAGE, statuses(a -> a.pages().get("/experiments/" + baseline)));
        assertTrue(ACTORS.get("co-instructor").pages().get("/course").body()
                .contains("href=\"/experiments/" + baseline + "\""), "on the co-instructor's list of baselines");
        assertFalse(ACTORS.get("other instructor").pages().get("/course").body()
                .contains("href=\"/experiments/" + baseline + "\""));
        assertTrue(ACTORS.get("enrolled student").pages().get("/experiments/" + baseline).body()
                .contains("id=\"baseline-quantize\""), "a student starts from it");
    }

    private static final String TRAINING = "{\"kind\":\"train\",\"dataset\":\"synthetic\",\"model\":\"mlp\","
            + "\"trainSubset\":300}";
    private static final String LONG_TRAINING = "{\"kind\":\"train\",\"dataset\":\"synthetic\",\"model\":\"mlp\","
            + "\"epochs\":50}";

    private static long startAndAwait(Actor actor, String body, String status) throws Exception {
        HttpResponse<String> r = api(actor, "POST", "/api/experiments", body);
        assertEquals(202, r.statusCode(), r.body());
        long id = Browserless.json(r).get("id").asLong();
        actor.pages().awaitStatus(actor.token(), id, status, java.time.Duration.ofMinutes(3));
        return id;
    }

    private static String csrf(Actor actor) throws Exception {
        return actor.csrf() != null ? actor.csrf() : actor.pages().csrfFrom("/signin");
    }
}
