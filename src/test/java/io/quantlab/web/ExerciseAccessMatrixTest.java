package io.quantlab.web;

import static io.quantlab.web.CourseAccessMatrixTest.api;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quantlab.TestServer;
import io.quantlab.web.CourseAccessMatrixTest.Actor;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who reaches an exercise, an attempt and a grade: the admin, the course's owner and co-instructor,
 * an instructor of another course, the student who handed it in, a classmate guessing its id, a
 * student of another course and an anonymous visitor. Someone else's exercise or attempt answers 404
 * like a missing one; a student is refused instructors' actions (403).
 */
class ExerciseAccessMatrixTest extends ServerTest {
    private static final Map<String, Actor> ACTORS = new LinkedHashMap<>();
    private static long course;
    private static long exercise;
    private static long notYetOpen;
    private static long locked;
    private static long submission;

    @BeforeAll
    static void aCourseWithAnEssayAndOneAttempt() throws Exception {
        ACTORS.put("admin", CourseAccessMatrixTest.signedIn(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD));
        ACTORS.put("owner", CourseAccessMatrixTest.instructor("olga"));
        ACTORS.put("co-instructor", CourseAccessMatrixTest.instructor("cody"));
        ACTORS.put("other instructor", CourseAccessMatrixTest.instructor("oscar"));
        Actor owner = ACTORS.get("owner");
        HttpResponse<String> created = api(owner, "POST", "/api/courses", "{\"name\":\"Access 101\"}");
        course = Browserless.json(created).get("id").asLong();
        String code = Browserless.json(created).get("joinCode").asText();
        assertEquals(303, owner.pages().postForm("/courses/" + course + "/instructors",
                Browserless.form("_csrf", owner.csrf(), "email", "cody@example.org")).statusCode());
        ACTORS.put("author", CourseAccessMatrixTest.student("stan", code));
        ACTORS.put("classmate", CourseAccessMatrixTest.student("clara", code));
        ACTORS.put("other student", CourseAccessMatrixTest.student("sid", server.joinCode()));
        ACTORS.put("anonymous", new Actor(new Browserless(server.url("")), null, null));
        exercise = essay(-1, 1, 2);
        notYetOpen = essay(1, 2, 3);
        locked = essay(-3, -2, -1);
        HttpResponse<String> handed = api(ACTORS.get("author"), "POST", "/api/exercises/" + exercise + "/submissions",
                "{\"text\":\"mine\"}");
        assertEquals(201, handed.statusCode(), handed.body());
        submission = Browserless.json(handed).get("id").asLong();
    }

    private static long essay(int opensInDays, int dueInDays, int locksInDays) throws Exception {
        HttpResponse<String> r = api(ACTORS.get("owner"), "POST", "/api/courses/" + course + "/exercises",
                "{\"kind\":\"essay\",\"title\":\"Why\"," + dates(opensInDays, dueInDays, locksInDays)
                        + ",\"rubric\":[{\"criterion\":\"says why\",\"points\":2}]}");
        assertEquals(201, r.statusCode(), r.body());
        return Browserless.json(r).get("id").asLong();
    }

    private static String dates(int opensInDays, int dueInDays, int locksInDays) {
        Instant now = Instant.now();
        return "\"opensAt\":\"" + now.plus(Duration.ofDays(opensInDays)) + "\",\"dueAt\":\""
                + now.plus(Duration.ofDays(dueInDays)) + "\",\"locksAt\":\"" + now.plus(Duration.ofDays(locksInDays)) + "\"";
    }

    private static List<Integer> statuses(String method, String path, String body) throws Exception {
        return each(actor -> api(actor, method, path, body));
    }

    private static List<Integer> pages(String path) throws Exception {
        return each(actor -> actor.pages().get(path));
    }

    /** The status each actor gets, in the order of ACTORS. */
    private static List<Integer> each(CourseAccessMatrixTest.Request request) throws Exception {
        List<Integer> out = new ArrayList<>();
        for (Actor actor : ACTORS.values()) {
            out.add(request.send(actor).statusCode());
        }
        return out;
    }

    //                                 admin owner co  other-inst author classmate other-student anonymous
    @Test
    void onlyTheCoursesInstructorsCreateExercisesAndReadTheGradeBook() throws Exception {
        assertEquals(List.of(400, 400, 400, 404, 403, 403, 403, 401),
                statuses("POST", "/api/courses/" + course + "/exercises", "{\"kind\":\"essay\"}"));
        assertEquals(List.of(200, 200, 200, 404, 403, 403, 403, 401),
                statuses("GET", "/api/courses/" + course + "/grades.csv", null));
    }

    @Test
    void anOpenExerciseIsSeenByTheCourseOnly() throws Exception {
        assertEquals(List.of(200, 200, 200, 404, 200, 200, 404, 401),
                statuses("GET", "/api/exercises/" + exercise, null));
        assertEquals(List.of(200, 200, 200, 404, 200, 200, 404, 401),
                statuses("GET", "/api/courses/" + course + "/exercises", null));
    }

    @Test
    void beforeItOpensStudentsGetNothingAndAfterTheLockNothingIsTaken() throws Exception {
        assertEquals(List.of(200, 200, 200, 404, 404, 404, 404, 401),
                statuses("GET", "/api/exercises/" + notYetOpen, null));
        assertEquals(List.of(400, 400, 400, 404, 404, 404, 404, 401),
                statuses("POST", "/api/exercises/" + notYetOpen + "/submissions", "{\"text\":\"x\"}"));
        assertEquals(List.of(400, 400, 400, 404, 400, 400, 404, 401),
                statuses("POST", "/api/exercises/" + locked + "/submissions", "{\"text\":\"x\"}"));
    }

    @Test
    void anAttemptAndItsGradeAreReachedOnlyByItsAuthorAndTheCoursesInstructors() throws Exception {
        assertEquals(List.of(200, 200, 200, 404, 200, 404, 404, 401),
                statuses("GET", "/api/submissions/" + submission, null));
        assertEquals(404, api(ACTORS.get("author"), "GET", "/api/submissions/987654", null).statusCode());
        assertEquals(List.of(200, 200, 200, 404, 403, 403, 403, 401),
                statuses("POST", "/api/submissions/" + submission + "/grade", "{\"points\":[1]}"));
        assertEquals(List.of(200, 200, 200, 404, 403, 403, 403, 401),
                statuses("POST", "/api/submissions/" + submission + "/pick", ""));
        String classmateSees = api(ACTORS.get("classmate"), "GET", "/api/exercises/" + exercise + "/submissions", null)
                .body();
        assertEquals("[]", classmateSees, "a classmate lists only their own attempts");
    }

    @Test
    void onlyTheCoursesInstructorsEditWithdrawAndRestore() throws Exception {
        assertEquals(List.of(200, 200, 200, 404, 403, 403, 403, 401),
                statuses("PATCH", "/api/exercises/" + exercise, "{\"title\":\"Why, again\"}"));
        long withAttempt = essay(-1, 1, 2);
        assertEquals(201, api(ACTORS.get("author"), "POST", "/api/exercises/" + withAttempt + "/submissions",
                "{\"text\":\"mine\"}").statusCode());
        assertEquals(List.of(200, 200, 200, 404, 403, 403, 403, 401),
                statuses("DELETE", "/api/exercises/" + withAttempt, null), "withdrawn by the first, unchanged after");
        assertEquals(List.of(200, 200, 200, 404, 404, 404, 404, 401),
                statuses("GET", "/api/exercises/" + withAttempt, null), "gone for its students too");
        assertEquals(List.of(200, 200, 200, 404, 403, 403, 403, 401),
                statuses("POST", "/api/exercises/" + withAttempt + "/restore", null));
        assertEquals(List.of(200, 200, 200, 404, 200, 200, 404, 401),
                statuses("GET", "/api/exercises/" + withAttempt, null));
    }

    @Test
    void theExercisePagesFollowTheSameMatrix() throws Exception {
        assertEquals(List.of(200, 200, 200, 404, 200, 200, 404, 302), pages("/exercises/" + exercise));
        assertEquals(List.of(200, 200, 200, 404, 404, 404, 404, 302), pages("/exercises/" + notYetOpen));
        for (String path : List.of("/courses/" + course + "/exercises", "/courses/" + course + "/grades.csv",
                "/submissions/" + submission + "/grade")) {
            assertEquals(List.of(200, 200, 200, 404, 403, 403, 403, 302), pages(path), path);
        }
    }
}
