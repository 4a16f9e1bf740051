package io.quantlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quantlab.TestServer;
import io.quantlab.classroom.Csv;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Editing, deleting, withdrawing and restoring exercises through the API: each field that may
 * change, the ones that may not once a student has seen the exercise, grades re-computed from the
 * stored attempts with an audit row per changed grade, and a withdrawn exercise gone for students
 * but kept with its attempts and grades.
 */
class ExerciseEditApiTest extends ServerTest {
    private static final String PASSWORD = "long-enough-password";
    private static Browserless client;
    private static String teacher;
    private static String alice;
    private static Browserless alicesPages;
    private static String stranger;
    private static long course;

    @BeforeAll
    static void aCourseWithAStudentAndAStrangerInstructor() throws Exception {
        client = new Browserless(server.url(""));
        teacher = client.apiToken(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        JsonNode created = Browserless.json(client.api("POST", "/api/courses", teacher, "{\"name\":\"Edits 101\"}"));
        course = created.get("id").asLong();
        alicesPages = new Browserless(server.url(""));
        alicesPages.registerStudent(created.get("joinCode").asText(), "Alice", "alice@example.org", PASSWORD);
        alice = client.apiToken("alice@example.org", PASSWORD);
        stranger = CourseAccessMatrixTest.instructor("oscar").token();
        assertEquals(201, client.api("POST", "/api/courses", stranger, "{\"name\":\"Oscar's own\"}").statusCode());
    }

    private static String when(Duration fromNow) {
        return Instant.now().plus(fromNow).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static long create(String json) throws Exception {
        HttpResponse<String> r = client.api("POST", "/api/courses/" + course + "/exercises", teacher, json);
        assertEquals(201, r.statusCode(), r.body());
        return Browserless.json(r).get("id").asLong();
    }

    /** One bank question (answer 2 is right), due {@code due} from now, 10 % a day late. */
    private static long oneQuestion(String title, Duration due) throws Exception {
        return create("{\"kind\":\"numeric\",\"title\":\"" + title + "\",\"opensAt\":\"" + when(Duration.ofDays(-3))
                + "\",\"dueAt\":\"" + when(due) + "\",\"locksAt\":\"" + when(Duration.ofDays(3))
                + "\",\"latePenaltyPercentPerDay\":10,\"questions\":[{\"choice\":\"seven-billion\"}]}");
    }

    private static HttpResponse<String> patch(String token, long exercise, String json) throws Exception {
        return client.api("PATCH", "/api/exercises/" + exercise, token, json);
    }

    private static HttpResponse<String> submit(String token, long exercise, String json) throws Exception {
        return client.api("POST", "/api/exercises/" + exercise + "/submissions", token, json);
    }

    private static JsonNode seenBy(String token, long exercise) throws Exception {
        HttpResponse<String> r = client.api("GET", "/api/exercises/" + exercise, token, null);
        assertEquals(200, r.statusCode(), r.body());
        return Browserless.json(r);
    }

    private static JsonNode read(String json) throws Exception {
        return io.quantlab.Json.MAPPER.readTree(json);
    }

    private static long audits(String action, long exercise) throws Exception {
        return server.count("SELECT COUNT(*) FROM audit_log WHERE action = '" + action + "' AND detail LIKE 'exercise "
                + exercise + ":%' AND user_id = (SELECT id FROM users WHERE email = '" + TestServer.ADMIN_EMAIL + "')");
    }

    @Test
    void eachFieldThatMayChangeAtAnyTimeChangesAloneAndIsAudited() throws Exception {
        long exercise = oneQuestion("Before", Duration.ofDays(2));
        seenBy(alice, exercise);
        assertEquals(201, submit(alice, exercise, "{\"answers\":{\"1\":{\"choice\":2}}}").statusCode());
        String[][] changes = {
                {"title", "\"After\""},
                {"body", "\"Now with a text.\""},
                {"opensAt", "\"" + when(Duration.ofDays(-4)) + "\""},
                {"dueAt", "\"" + when(Duration.ofDays(1)) + "\""},
                {"locksAt", "\"" + when(Duration.ofDays(5)) + "\""},
                {"latePenaltyPercentPerDay", "25"},
                {"feedback", "\"after-due\""},
                {"tolerancePercent", "2.5"},
                {"maxAttempts", "4"}};
        eachChangesAlone(exercise, changes);
        assertEquals(changes.length, server.count("SELECT COUNT(*) FROM audit_log WHERE action = 'exercise-edited' AND "
                + "detail LIKE 'exercise " + exercise + ":%'"));
        assertEquals(200, patch(teacher, exercise, "{\"title\":\"After\"}").statusCode(), "the same value again");
        assertEquals(changes.length, server.count("SELECT COUNT(*) FROM audit_log WHERE action = 'exercise-edited' AND "
                + "detail LIKE 'exercise " + exercise + ":%'"), "changes nothing, so no audit row");
        assertEquals(1, server.count("SELECT COUNT(*) FROM submissions WHERE exercise_id = " + exercise),
                "the attempt is kept");
    }

    @Test
    void aTargetsThresholdsBonusAndAnonymityChangeAtAnyTimeItsDataSetAndModelNotOnceOpened() throws Exception {
        long exercise = create("{\"kind\":\"target\",\"title\":\"Small\",\"opensAt\":\"" + when(Duration.ofDays(-1))
                + "\",\"dueAt\":\"" + when(Duration.ofDays(1)) + "\",\"locksAt\":\"" + when(Duration.ofDays(2))
                + "\",\"dataset\":\"fashion-mnist\",\"model\":\"small-cnn\",\"maxWeightBits\":8}");
        seenBy(alice, exercise);
        eachChangesAlone(exercise, new String[][] {
                {"maxWeightBits", "4"},
                {"maxSizeBytes", "60000"},
                {"minAccuracy", "88.5"},
                {"maxWeightBits", "null"},
                {"rankingBonus", "true"},
                {"anonymize", "true"}});
        JsonNode now = seenBy(teacher, exercise);
        assertEquals(3.0, now.get("maxScore").asDouble(), "size, accuracy and the ranking: " + now);
        for (String field : List.of("dataset", "model")) {
            HttpResponse<String> r = patch(teacher, exercise, "{\"" + field + "\":\"mlp\"}");
            assertEquals(400, r.statusCode(), r.body());
            assertEquals(field, Browserless.json(r).get("field").asText());
        }
        HttpResponse<String> none = patch(teacher, exercise, "{\"maxSizeBytes\":null,\"minAccuracy\":null}");
        assertEquals(400, none.statusCode(), "a target needs a threshold: " + none.body());
        assertEquals(now, seenBy(teacher, exercise));
    }

    /** Each change alone: the answer and a later GET show it, and no other field moved (the maximum score may). */
    private static void eachChangesAlone(long exercise, String[][] changes) throws Exception {
        for (String[] change : changes) {
            JsonNode before = seenBy(teacher, exercise);
            HttpResponse<String> r = patch(teacher, exercise, "{\"" + change[0] + "\":" + change[1] + "}");
            assertEquals(200, r.statusCode(), change[0] + " → " + r.body());
            JsonNode after = seenBy(teacher, exercise);
            assertEquals(Browserless.json(r), after, "the answer is the stored exercise");
            JsonNode sent = read(change[1]);
            for (var fields = after.fieldNames(); fields.hasNext(); ) {
                String field = fields.next();
                if (field.equals("maxScore")) {
                    continue;
                }
                if (field.equals(change[0])) {
                    assertEquals(sent.isNumber() ? sent.asDouble() : sent, after.get(field).isNumber()
                            ? after.get(field).asDouble() : after.get(field), field);
                } else {
                    assertEquals(before.get(field), after.get(field), field + " did not change with " + change[0]);
                }
            }
        }
    }

    @Test
    void whatStudentsWereGivenCannotChangeOnceOneOpenedItAndBadValuesAreRefusedStoringNothing() throws Exception {
        long exercise = oneQuestion("Fixed numbers", Duration.ofDays(2));
        HttpResponse<String> unseen = patch(teacher, exercise, "{\"questions\":[{\"template\":\"dequantize\"}]}");
        assertEquals(200, unseen.statusCode(), "no student has seen it yet: " + unseen.body());
        assertEquals("dequantize", Browserless.json(unseen).at("/questions/0/template").asText());

        seenBy(alice, exercise);
        JsonNode before = seenBy(teacher, exercise);
        String dates = "\"opensAt\":\"" + when(Duration.ofDays(-1)) + "\"";
        for (String[] bad : new String[][] {
                {"{\"questions\":[{\"template\":\"scale-zero-point\"}]}", "questions"},
                {"{\"kind\":\"essay\"}", "kind"},
                {"{\"rubric\":[{\"criterion\":\"x\",\"points\":1}]}", "rubric"},
                {"{\"dataset\":\"fashion-mnist\"}", "dataset"},
                {"{\"title\":\"\"}", "title"},
                {"{\"dueAt\":\"" + when(Duration.ofDays(-5)) + "\"}", "dueAt"},
                {"{\"locksAt\":\"" + when(Duration.ofDays(1)) + "\"}", "locksAt"},
                {"{\"dueAt\":\"soon\"}", "dueAt"},
                {"{\"latePenaltyPercentPerDay\":150}", "latePenaltyPercentPerDay"},
                {"{\"maxAttempts\":-1}", "maxAttempts"},
                {"{\"title\":\"fine\",\"tolerancePercent\":80}", "tolerancePercent"},
                {"{" + dates + ",\"questions\":[]}", "questions"}}) {
            HttpResponse<String> r = patch(teacher, exercise, bad[0]);
            assertEquals(400, r.statusCode(), bad[0] + " → " + r.body());
            assertEquals(bad[1], Browserless.json(r).get("field").asText(), bad[0] + " → " + r.body());
        }
        assertEquals(before, seenBy(teacher, exercise), "nothing stored");
        assertTrue(Browserless.json(patch(teacher, exercise, "{\"questions\":[{\"template\":\"scale-zero-point\"}]}"))
                .get("error").asText().contains("opened"));
    }

    @Test
    void onlyTheCoursesInstructorsEditDeleteOrRestore() throws Exception {
        long exercise = oneQuestion("Mine", Duration.ofDays(2));
        JsonNode before = seenBy(teacher, exercise);
        assertEquals(403, patch(alice, exercise, "{\"title\":\"Hacked\"}").statusCode());
        HttpResponse<String> strangers = patch(stranger, exercise, "{\"title\":\"Hacked\"}");
        assertEquals(404, strangers.statusCode(), strangers.body());
        assertEquals(404, patch(stranger, 987_654, "{\"title\":\"Hacked\"}").statusCode());
        assertEquals(401, patch(null, exercise, "{\"title\":\"Hacked\"}").statusCode());
        for (String token : new String[] {alice, stranger}) {
            assertTrue(client.api("DELETE", "/api/exercises/" + exercise, token, null).statusCode() >= 403);
            assertTrue(client.api("POST", "/api/exercises/" + exercise + "/restore", token, null).statusCode() >= 403);
        }
        assertEquals(before, seenBy(teacher, exercise), "nothing changed");
    }

    @Test
    void movingTheDeadlineOrThePenaltyReComputesTheGradesFromTheStoredAttemptsWithAnAuditRowEach() throws Exception {
        long exercise = oneQuestion("Late", Duration.ofHours(-25));
        HttpResponse<String> late = submit(alice, exercise, "{\"answers\":{\"1\":{\"choice\":2}}}");
        assertEquals(201, late.statusCode(), late.body());
        assertEquals(2, Browserless.json(late).get("lateDays").asInt());
        assertEquals(0.8, seenBy(alice, exercise).at("/grade/score").asDouble(), 1e-9, "two started days at 10 %");

        assertEquals(200, patch(teacher, exercise, "{\"latePenaltyPercentPerDay\":30}").statusCode());
        JsonNode mine = seenBy(alice, exercise);
        assertEquals(0.4, mine.at("/grade/score").asDouble(), 1e-9, "two days at 30 %");
        assertEquals(1.0, mine.at("/attempts/0/score").asDouble(), "the attempt's own score is kept");
        assertEquals(1, audits("grade-recomputed", exercise));
        assertEquals(1, server.count("SELECT COUNT(*) FROM audit_log WHERE action = 'grade-recomputed' AND detail LIKE "
                + "'exercise " + exercise + ": student % 0.8/1.0 -> 0.4/1.0 from submission %'"), "old -> new");

        HttpResponse<String> moved = patch(teacher, exercise, "{\"dueAt\":\"" + when(Duration.ofDays(1)) + "\"}");
        assertEquals(200, moved.statusCode(), moved.body());
        mine = seenBy(alice, exercise);
        assertEquals(1.0, mine.at("/grade/score").asDouble(), 1e-9, "on time now");
        assertFalse(mine.at("/grade/late").asBoolean());
        assertFalse(mine.at("/attempts/0/late").asBoolean(), "the late mark follows the deadline");
        assertEquals(2, audits("grade-recomputed", exercise));

        assertEquals(200, patch(teacher, exercise, "{\"latePenaltyPercentPerDay\":50}").statusCode());
        assertEquals(2, audits("grade-recomputed", exercise), "an on-time grade does not change, so no row");
        assertEquals(1, server.count("SELECT COUNT(*) FROM submissions WHERE exercise_id = " + exercise));
    }

    @Test
    void aLooserToleranceReGradesTheStoredAnswers() throws Exception {
        long exercise = create("{\"kind\":\"numeric\",\"title\":\"Tolerance\",\"opensAt\":\"" + when(Duration.ofDays(-1))
                + "\",\"dueAt\":\"" + when(Duration.ofDays(1)) + "\",\"locksAt\":\"" + when(Duration.ofDays(2))
                + "\",\"tolerancePercent\":1,\"questions\":[{\"template\":\"dequantize\"}]}");
        JsonNode q = seenBy(alice, exercise).at("/questions/0");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "scale s = ([0-9.]+) and zero-point z = (\\d+)\\. What real value does q = (\\d+)")
                .matcher(q.get("text").asText());
        assertTrue(m.find(), q.toString());
        double value = Float.parseFloat(m.group(1)) * (Integer.parseInt(m.group(3)) - Integer.parseInt(m.group(2)));
        HttpResponse<String> off = submit(alice, exercise, "{\"answers\":{\"1\":{\"value\":" + value * 1.03 + "}}}");
        assertEquals(0.0, Browserless.json(off).get("score").asDouble(), off.body());
        assertEquals(200, patch(teacher, exercise, "{\"tolerancePercent\":5}").statusCode());
        JsonNode mine = seenBy(alice, exercise);
        assertEquals(1.0, mine.at("/attempts/0/score").asDouble(), "3 % off is inside 5 %: " + mine);
        assertEquals(1.0, mine.at("/grade/score").asDouble());
        assertEquals(1, audits("grade-recomputed", exercise));
    }

    @Test
    void anExerciseNobodyAttemptedIsDeletedAndOneWithAttemptsWithdrawnKeptAndRestored() throws Exception {
        long unused = oneQuestion("Unused", Duration.ofDays(1));
        HttpResponse<String> deleted = client.api("DELETE", "/api/exercises/" + unused, teacher, null);
        assertEquals(200, deleted.statusCode(), deleted.body());
        assertTrue(Browserless.json(deleted).get("deleted").asBoolean());
        assertEquals(404, client.api("GET", "/api/exercises/" + unused, teacher, null).statusCode());
        assertEquals(0, server.count("SELECT COUNT(*) FROM exercises WHERE id = " + unused));

        long used = oneQuestion("Used", Duration.ofDays(1));
        assertEquals(201, submit(alice, used, "{\"answers\":{\"1\":{\"choice\":2}}}").statusCode());
        HttpResponse<String> withdrawn = client.api("DELETE", "/api/exercises/" + used, teacher, null);
        assertEquals(200, withdrawn.statusCode(), withdrawn.body());
        assertTrue(Browserless.json(withdrawn).get("withdrawn").asBoolean(), withdrawn.body());
        assertEquals(1, server.count("SELECT COUNT(*) FROM submissions WHERE exercise_id = " + used), "attempt kept");
        assertEquals(1, server.count("SELECT COUNT(*) FROM grades WHERE exercise_id = " + used), "grade kept");

        assertEquals(404, client.api("GET", "/api/exercises/" + used, alice, null).statusCode());
        assertEquals(404, submit(alice, used, "{\"answers\":{\"1\":{\"choice\":2}}}").statusCode());
        assertFalse(client.api("GET", "/api/courses/" + course + "/exercises", alice, null).body().contains("\"Used\""));
        HttpResponse<String> home = alicesPages.get("/course/exercises");
        assertEquals(200, home.statusCode());
        assertFalse(home.body().contains("Used"), home.body());
        assertEquals(1, server.count("SELECT COUNT(*) FROM submissions WHERE exercise_id = " + used), "nothing taken");
        assertTrue(seenBy(teacher, used).get("withdrawn").asBoolean());
        assertTrue(client.api("GET", "/api/courses/" + course + "/exercises", teacher, null).body().contains("\"Used\""));
        assertFalse(client.api("GET", "/api/courses/" + course + "/grades.csv", teacher, null).body().contains("Used"),
                "the grade book leaves a withdrawn exercise out");
        assertEquals(200, client.api("DELETE", "/api/exercises/" + used, teacher, null).statusCode(), "again: no change");
        assertEquals(1, server.count("SELECT COUNT(*) FROM audit_log WHERE action = 'exercise-withdrawn' AND detail LIKE "
                + "'%exercise " + used + " %'"));

        HttpResponse<String> restored = client.api("POST", "/api/exercises/" + used + "/restore", teacher, null);
        assertEquals(200, restored.statusCode(), restored.body());
        assertFalse(Browserless.json(restored).get("withdrawn").asBoolean());
        assertEquals(1.0, seenBy(alice, used).at("/grade/score").asDouble(), "the grade is back");
        List<List<String>> csv = Csv.parse(client.api("GET", "/api/courses/" + course + "/grades.csv", teacher, null)
                .body());
        int column = csv.get(0).indexOf("Used (#" + used + ", of 1)");
        assertTrue(column > 1, csv.get(0).toString());
        assertEquals("1", csv.stream().filter(r -> r.get(1).equals("alice@example.org")).findFirst().orElseThrow()
                .get(column));
        assertEquals(1, server.count("SELECT COUNT(*) FROM audit_log WHERE action = 'exercise-restored' AND detail LIKE "
                + "'%exercise " + used + " %'"));
    }
}
