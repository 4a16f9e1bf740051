package io.quantlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quantlab.TestServer;
import io.quantlab.classroom.Csv;
import io.quantlab.data.Datasets;
import io.quantlab.model.ModelZoo;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Exercises through the API as a course runs them: numeric questions with each student's own
 * numbers checked with the tolerance, every attempt kept, late marks and penalties, the lock, the
 * attempt limit, essays graded with the rubric, the audit trail and the grade book CSV.
 */
class ExerciseApiTest extends ServerTest {
    private static final String PASSWORD = "long-enough-password";
    private static final String FORMULA = "=HYPERLINK(\"http://evil.example\",\"x\")";
    private static Browserless client;
    private static String teacher;
    private static String alice;
    private static String bob;
    private static long course;
    private static Browserless alicePages;
    private static Browserless teacherPages;

    @BeforeAll
    static void aCourseWithTwoStudents() throws Exception {
        client = new Browserless(server.url(""));
        teacher = client.apiToken(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        JsonNode created = Browserless.json(client.api("POST", "/api/courses", teacher, "{\"name\":\"Exercises 101\"}"));
        course = created.get("id").asLong();
        String code = created.get("joinCode").asText();
        alicePages = new Browserless(server.url(""));
        alicePages.registerStudent(code, "Alice", "alice@example.org", PASSWORD);
        teacherPages = new Browserless(server.url(""));
        teacherPages.signIn(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        new Browserless(server.url("")).registerStudent(code, FORMULA, "bob@example.org", PASSWORD);
        alice = client.apiToken("alice@example.org", PASSWORD);
        bob = client.apiToken("bob@example.org", PASSWORD);
    }

    static String when(Duration fromNow) {
        return Instant.now().plus(fromNow).toString();
    }

    private static long create(String json) throws Exception {
        HttpResponse<String> r = client.api("POST", "/api/courses/" + course + "/exercises", teacher, json);
        assertEquals(201, r.statusCode(), r.body());
        return Browserless.json(r).get("id").asLong();
    }

    private static String numeric(String title, String extra) {
        return "{\"kind\":\"numeric\",\"title\":\"" + title + "\",\"opensAt\":\"" + when(Duration.ofDays(-1))
                + "\",\"dueAt\":\"" + when(Duration.ofDays(2)) + "\",\"locksAt\":\"" + when(Duration.ofDays(4))
                + "\",\"latePenaltyPercentPerDay\":10,\"tolerancePercent\":1,\"questions\":[{\"template\":\"dequantize\"},"
                + "{\"template\":\"restricted-grid\"},{\"choice\":\"why-calibration\"}]" + extra + "}";
    }

    private static HttpResponse<String> submit(String token, long exercise, String json) throws Exception {
        return client.api("POST", "/api/exercises/" + exercise + "/submissions", token, json);
    }

    /** The answers worked out from the question's text alone, as a student would, scaled by {@code factor}. */
    static String answersFromText(JsonNode questions, double factor) {
        Matcher d = Pattern.compile("scale s = ([0-9.]+) and zero-point z = (\\d+)\\. What real value does q = (\\d+)")
                .matcher(questions.get(0).get("text").asText());
        assertTrue(d.find(), questions.get(0).toString());
        double value = Float.parseFloat(d.group(1)) * (Integer.parseInt(d.group(3)) - Integer.parseInt(d.group(2)));
        Matcher g = Pattern.compile("A signed (\\d+)-bit grid").matcher(questions.get(1).get("text").asText());
        assertTrue(g.find(), questions.get(1).toString());
        int bits = Integer.parseInt(g.group(1));
        return String.format(Locale.ROOT, "{\"answers\":{\"1\":{\"value\":%s},\"2\":{\"levels\":%d,\"qmax\":%d},"
                + "\"3\":{\"choice\":1}}}", value * factor, (1 << bits) - 1, (1 << (bits - 1)) - 1);
    }

    @Test
    void eachStudentGetsTheirOwnNumbersCheckedWithTheTolerance() throws Exception {
        long exercise = create(numeric("Integers and reals", ""));
        HttpResponse<String> seen = client.api("GET", "/api/exercises/" + exercise, alice, null);
        assertEquals(200, seen.statusCode(), seen.body());
        JsonNode mine = Browserless.json(seen);
        assertFalse(seen.body().contains("expected"), "no answers before feedback: " + seen.body());
        assertFalse(seen.body().contains("explanation"), seen.body());
        assertEquals(List.of("value"), List.of(mine.get("questions").get(0).get("fields").get(0).get("key").asText()));
        assertEquals(4, mine.get("questions").get(2).get("options").size());
        JsonNode bobs = Browserless.json(client.api("GET", "/api/exercises/" + exercise, bob, null));
        assertNotEquals(mine.get("questions").get(0).get("text"), bobs.get("questions").get(0).get("text"),
                "each student draws their own numbers");
        assertEquals(mine.get("questions").get(0).get("text"),
                Browserless.json(client.api("GET", "/api/exercises/" + exercise, alice, null)).get("questions").get(0)
                        .get("text"), "and the same ones every time");

        HttpResponse<String> within = submit(alice, exercise, answersFromText(mine.get("questions"), 1.009));
        assertEquals(201, within.statusCode(), within.body());
        assertEquals(3.0, Browserless.json(within).get("score").asDouble(), 1e-9, within.body());
        assertFalse(Browserless.json(within).get("late").asBoolean());

        HttpResponse<String> outside = submit(alice, exercise, answersFromText(mine.get("questions"), 1.02));
        assertEquals(201, outside.statusCode(), outside.body());
        JsonNode feedback = Browserless.json(outside).get("feedback").get("questions");
        assertEquals(0.0, feedback.get(0).get("score").asDouble(), "2 % off is outside a 1 % tolerance");
        assertEquals(2.0, Browserless.json(outside).get("score").asDouble(), 1e-9);

        HttpResponse<String> bobWithAlicesNumbers = submit(bob, exercise, answersFromText(mine.get("questions"), 1));
        assertTrue(Browserless.json(bobWithAlicesNumbers).get("feedback").get("questions").get(0).get("score")
                .asDouble() < 1, "another student's answers do not fit your numbers");

        JsonNode attempts = Browserless.json(client.api("GET", "/api/exercises/" + exercise, alice, null));
        assertEquals(2, attempts.get("attempts").size(), "every attempt kept");
        assertEquals(2.0, attempts.get("grade").get("score").asDouble(), 1e-9, "the last attempt counts");
    }

    @Test
    void badAnswersAreRefusedNamingTheFieldAndStoreNothing() throws Exception {
        long exercise = create(numeric("Strict answers", ""));
        for (String[] bad : new String[][] {
                {"{\"answers\":{\"9\":{\"value\":1}}}", "answers"},
                {"{\"answers\":{\"1\":{\"value\":\"one\"}}}", "answers"},
                {"{\"answers\":{\"1\":{\"scale\":1}}}", "answers"},
                {"{\"answers\":{\"3\":{\"choice\":7}}}", "answers"},
                {"{\"answers\":[1,2]}", "answers"},
                {"{\"text\":\"an essay\"}", "text"},
                {"{}", "answers"}}) {
            HttpResponse<String> r = submit(alice, exercise, bad[0]);
            assertEquals(400, r.statusCode(), bad[0] + " → " + r.body());
            assertEquals(bad[1], Browserless.json(r).get("field").asText(), r.body());
        }
        assertEquals(0, server.count("SELECT COUNT(*) FROM submissions WHERE exercise_id = " + exercise));
    }

    @Test
    void badExercisesAreRefusedNamingTheFieldAndStoreNothing() throws Exception {
        long before = server.count("SELECT COUNT(*) FROM exercises");
        String dates = "\"opensAt\":\"" + when(Duration.ofDays(-1)) + "\",\"dueAt\":\"" + when(Duration.ofDays(1))
                + "\",\"locksAt\":\"" + when(Duration.ofDays(2)) + "\"";
        for (String[] bad : new String[][] {
                {"{\"kind\":\"quiz\",\"title\":\"t\"," + dates + "}", "kind"},
                {"{\"kind\":\"numeric\",\"title\":\"\"," + dates + ",\"questions\":[{\"template\":\"dequantize\"}]}", "title"},
                {"{\"kind\":\"numeric\",\"title\":\"t\"," + dates + ",\"questions\":[{\"template\":\"nope\"}]}", "questions"},
                {"{\"kind\":\"numeric\",\"title\":\"t\"," + dates + ",\"questions\":[]}", "questions"},
                {"{\"kind\":\"numeric\",\"title\":\"t\"," + dates + ",\"questions\":[{\"template\":\"dequantize\"}],"
                        + "\"tolerancePercent\":80}", "tolerancePercent"},
                {"{\"kind\":\"numeric\",\"title\":\"t\"," + dates + ",\"questions\":[{\"template\":\"dequantize\"}],"
                        + "\"rubric\":[]}", "rubric"},
                {"{\"kind\":\"essay\",\"title\":\"t\"," + dates + ",\"rubric\":[{\"criterion\":\"x\",\"points\":-1}]}", "rubric"},
                {"{\"kind\":\"essay\",\"title\":\"t\"," + dates + ",\"rubric\":[{\"criterion\":\"x\",\"points\":1}],"
                        + "\"latePenaltyPercentPerDay\":101}", "latePenaltyPercentPerDay"},
                {"{\"kind\":\"essay\",\"title\":\"t\",\"opensAt\":\"tomorrow\",\"dueAt\":\"" + when(Duration.ofDays(1))
                        + "\",\"locksAt\":\"" + when(Duration.ofDays(2)) + "\",\"rubric\":[{\"criterion\":\"x\",\"points\":1}]}",
                        "opensAt"},
                {"{\"kind\":\"essay\",\"title\":\"t\",\"opensAt\":\"" + when(Duration.ofDays(1)) + "\",\"dueAt\":\""
                        + when(Duration.ofDays(3)) + "\",\"locksAt\":\"" + when(Duration.ofDays(2))
                        + "\",\"rubric\":[{\"criterion\":\"x\",\"points\":1}]}", "locksAt"},
                {"{\"kind\":\"target\",\"title\":\"t\"," + dates + ",\"dataset\":\"fashion-mnist\",\"model\":\"small-cnn\","
                        + "\"minAccuracy\":0}", "minAccuracy"}}) {
            HttpResponse<String> r = client.api("POST", "/api/courses/" + course + "/exercises", teacher, bad[0]);
            assertEquals(400, r.statusCode(), bad[0] + " → " + r.body());
            assertEquals(bad[1], Browserless.json(r).get("field").asText(), r.body());
        }
        assertEquals(before, server.count("SELECT COUNT(*) FROM exercises"));
    }

    @Test
    void lateAttemptsAreMarkedAndPenalizedPerStartedDayAndTheLimitHolds() throws Exception {
        long exercise = create("{\"kind\":\"numeric\",\"title\":\"Late\",\"opensAt\":\"" + when(Duration.ofDays(-3))
                + "\",\"dueAt\":\"" + when(Duration.ofHours(-25)) + "\",\"locksAt\":\"" + when(Duration.ofDays(3))
                + "\",\"latePenaltyPercentPerDay\":10,\"maxAttempts\":2,\"questions\":[{\"choice\":\"seven-billion\"}]}");
        HttpResponse<String> late = submit(alice, exercise, "{\"answers\":{\"1\":{\"choice\":2}}}");
        assertEquals(201, late.statusCode(), late.body());
        JsonNode attempt = Browserless.json(late);
        assertTrue(attempt.get("late").asBoolean());
        assertEquals(2, attempt.get("lateDays").asInt(), "25 hours late is two started days");
        assertEquals(1.0, attempt.get("score").asDouble());
        assertEquals(0.8, attempt.get("scoreAfterPenalty").asDouble(), 1e-9);
        assertEquals(201, submit(alice, exercise, "{\"answers\":{\"1\":{\"choice\":0}}}").statusCode());
        HttpResponse<String> third = submit(alice, exercise, "{\"answers\":{\"1\":{\"choice\":2}}}");
        assertEquals(400, third.statusCode(), third.body());
        assertTrue(third.body().contains("all 2 attempts"), third.body());
        JsonNode seen = Browserless.json(client.api("GET", "/api/exercises/" + exercise, alice, null));
        assertEquals(2, seen.get("attempts").size());
        assertEquals(0.0, seen.get("grade").get("score").asDouble(), "the last attempt counts");
        assertTrue(seen.get("grade").get("late").asBoolean());

        long first = seen.get("attempts").get(0).get("id").asLong();
        HttpResponse<String> picked = client.api("POST", "/api/submissions/" + first + "/pick", teacher, "");
        assertEquals(200, picked.statusCode(), picked.body());
        assertEquals(0.8, Browserless.json(picked).get("score").asDouble(), 1e-9, "the picked attempt, penalized");
        assertEquals(1, server.count("SELECT COUNT(*) FROM audit_log WHERE action = 'grade-set' AND detail LIKE "
                + "'exercise " + exercise + ":%' AND user_id = (SELECT id FROM users WHERE email = '"
                + TestServer.ADMIN_EMAIL + "')"));
        assertEquals(2, server.count("SELECT COUNT(*) FROM audit_log WHERE action = 'grade-computed' AND detail LIKE "
                + "'exercise " + exercise + ":%'"));
    }

    @Test
    void afterTheLockNothingIsTakenAndBeforeTheOpeningStudentsSeeNothing() throws Exception {
        long locked = create("{\"kind\":\"essay\",\"title\":\"Locked\",\"opensAt\":\"" + when(Duration.ofDays(-3))
                + "\",\"dueAt\":\"" + when(Duration.ofDays(-2)) + "\",\"locksAt\":\"" + when(Duration.ofDays(-1))
                + "\",\"rubric\":[{\"criterion\":\"says why\",\"points\":2}]}");
        HttpResponse<String> r = submit(alice, locked, "{\"text\":\"too late\"}");
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(Browserless.json(r).get("error").asText().contains("locked"), r.body());
        assertEquals(0, server.count("SELECT COUNT(*) FROM submissions WHERE exercise_id = " + locked));

        long future = create("{\"kind\":\"essay\",\"title\":\"Not yet\",\"opensAt\":\"" + when(Duration.ofDays(1))
                + "\",\"dueAt\":\"" + when(Duration.ofDays(2)) + "\",\"locksAt\":\"" + when(Duration.ofDays(3))
                + "\",\"rubric\":[{\"criterion\":\"says why\",\"points\":2}]}");
        assertEquals(404, client.api("GET", "/api/exercises/" + future, alice, null).statusCode());
        assertEquals(404, submit(alice, future, "{\"text\":\"early\"}").statusCode());
        assertEquals(200, client.api("GET", "/api/exercises/" + future, teacher, null).statusCode());
        assertFalse(client.api("GET", "/api/courses/" + course + "/exercises", alice, null).body().contains("Not yet"));
        assertTrue(client.api("GET", "/api/courses/" + course + "/exercises", teacher, null).body().contains("Not yet"));
    }

    @Test
    void feedbackAfterTheDeadlineHidesScoresAndAnswersUntilThen() throws Exception {
        long exercise = create(numeric("Feedback later", ",\"feedback\":\"after-due\""));
        JsonNode questions = Browserless.json(client.api("GET", "/api/exercises/" + exercise, alice, null))
                .get("questions");
        HttpResponse<String> r = submit(alice, exercise, answersFromText(questions, 1));
        assertEquals(201, r.statusCode(), r.body());
        assertFalse(r.body().contains("score"), r.body());
        assertFalse(r.body().contains("expected"), r.body());
        String seen = client.api("GET", "/api/exercises/" + exercise, alice, null).body();
        assertFalse(seen.contains("expected") || seen.contains("\"score\""), seen);
        String asTeacher = client.api("GET", "/api/exercises/" + exercise + "/submissions", teacher, null).body();
        assertTrue(asTeacher.contains("\"score\":3.0"), asTeacher);
    }

    @Test
    void essaysAreGradedWithTheRubricAndTheGradeBookExportsSafely() throws Exception {
        long essay = create("{\"kind\":\"essay\",\"title\":\"=Per-channel\",\"body\":\"Why does per-channel help?\","
                + "\"opensAt\":\"" + when(Duration.ofDays(-1)) + "\",\"dueAt\":\"" + when(Duration.ofDays(1))
                + "\",\"locksAt\":\"" + when(Duration.ofDays(2)) + "\",\"rubric\":[{\"criterion\":\"names the ranges\","
                + "\"points\":2},{\"criterion\":\"mentions depthwise\",\"points\":1}]}");
        HttpResponse<String> handed = submit(bob, essay, "{\"text\":\"Each channel has its own range.\\nSo...\"}");
        assertEquals(201, handed.statusCode(), handed.body());
        assertFalse(Browserless.json(handed).get("graded").asBoolean());
        long id = Browserless.json(handed).get("id").asLong();

        assertEquals(404, client.api("GET", "/api/submissions/" + id, alice, null).statusCode(), "not Alice's");
        assertEquals(403, client.api("POST", "/api/submissions/" + id + "/grade", bob, "{\"points\":[2,1]}").statusCode());
        HttpResponse<String> tooMany = client.api("POST", "/api/submissions/" + id + "/grade", teacher,
                "{\"points\":[3,1]}");
        assertEquals(400, tooMany.statusCode());
        assertEquals("points", Browserless.json(tooMany).get("field").asText());
        HttpResponse<String> graded = client.api("POST", "/api/submissions/" + id + "/grade", teacher,
                "{\"points\":[1.5,1],\"comment\":\"Good; say why depthwise most.\"}");
        assertEquals(200, graded.statusCode(), graded.body());
        JsonNode mine = Browserless.json(client.api("GET", "/api/exercises/" + essay, bob, null));
        assertEquals(2.5, mine.get("grade").get("score").asDouble());
        assertEquals("Good; say why depthwise most.", mine.get("grade").get("comment").asText());
        assertEquals(1, server.count("SELECT COUNT(*) FROM audit_log WHERE action = 'grade-set' AND detail LIKE "
                + "'exercise " + essay + ":%'"));

        HttpResponse<String> csv = client.api("GET", "/api/courses/" + course + "/grades.csv", teacher, null);
        assertEquals(200, csv.statusCode(), csv.body());
        assertTrue(csv.headers().firstValue("Content-Disposition").orElseThrow().contains("grades.csv"));
        List<List<String>> rows = Csv.parse(csv.body());
        int column = rows.get(0).indexOf("'=Per-channel (#" + essay + ", of 3)");
        assertTrue(column > 1, rows.get(0).toString());
        List<String> bobsRow = rows.stream().filter(r -> r.get(1).equals("bob@example.org")).findFirst().orElseThrow();
        assertEquals("'" + FORMULA, bobsRow.get(0), "a formula name stays text");
        assertEquals("2.5", bobsRow.get(column));
        assertEquals("", bobsRow.get(column + 1), "on time");
        List<String> alicesRow = rows.stream().filter(r -> r.get(1).equals("alice@example.org")).findFirst().orElseThrow();
        assertEquals("", alicesRow.get(column), "not handed in");
        assertEquals(3, rows.size(), "one row per student");
        for (String line : csv.body().split("\r\n")) {
            assertFalse(line.matches("(^|.*,)\"?[=+\\-@].*"), "no cell starts a formula: " + line);
        }
        assertEquals(403, client.api("GET", "/api/courses/" + course + "/grades.csv", bob, null).statusCode());
    }

    @Test
    void aTargetAttemptWithAnExperimentTheStudentDoesNotHaveIsRefusedAndNothingStored() throws Exception {
        long target = create("{\"kind\":\"target\",\"title\":\"Small and good\",\"opensAt\":\"" + when(Duration.ofDays(-1))
                + "\",\"dueAt\":\"" + when(Duration.ofDays(1)) + "\",\"locksAt\":\"" + when(Duration.ofDays(2))
                + "\",\"dataset\":\"fashion-mnist\",\"model\":\"small-cnn\",\"maxWeightBits\":4,"
                + "\"maxSizeBytes\":60000,\"minAccuracy\":88}");
        JsonNode seen = Browserless.json(client.api("GET", "/api/exercises/" + target, alice, null));
        assertEquals(4, seen.get("maxWeightBits").asInt());
        assertEquals(3.0, seen.get("maxScore").asDouble());
        HttpResponse<String> r = submit(alice, target, "{\"experiment\":42}");
        assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, r.body());
        assertEquals("experiment", Browserless.json(r).get("field").asText());
        assertEquals(0, server.count("SELECT COUNT(*) FROM submissions WHERE exercise_id = " + target));
    }

    @Test
    void thePagesSayWhatIsAskedShowWhatWasHandedInAndLinkTheWayToGrading() throws Exception {
        long target = create("{\"kind\":\"target\",\"title\":\"Said on the page\",\"opensAt\":\""
                + when(Duration.ofDays(-1)) + "\",\"dueAt\":\"" + when(Duration.ofDays(1)) + "\",\"locksAt\":\""
                + when(Duration.ofDays(2)) + "\",\"dataset\":\"fashion-mnist\",\"model\":\"small-cnn\","
                + "\"maxWeightBits\":4,\"maxSizeBytes\":60000,\"minAccuracy\":88,\"rankingBonus\":true}");
        String page = alicePages.get("/exercises/" + target).body();
        for (String said : List.of("small-cnn on fashion-mnist", "weights at most 4 bits", "size at most 60,000 bytes",
                "accuracy at least 88 %", "ranking bonus")) {
            assertTrue(page.contains(said), "the student reads the target: " + said);
        }
        String teacherPage = teacherPages.get("/exercises/" + target).body();
        assertTrue(teacherPage.contains("weights at most 4 bits"), "and so does the instructor");
        assertTrue(teacherPage.contains("href=\"/exercises/" + target + "/leaderboard\""), "with the leaderboard a click away");
        assertTrue(alicePages.get("/exercises/" + target + "/leaderboard").body()
                .contains("href=\"/exercises/" + target + "\""), "which leads back to the exercise");

        HttpResponse<String> notHers = alicePages.postForm("/exercises/" + target + "/submissions",
                Browserless.form("_csrf", alicePages.csrfFrom("/exercises/" + target), "experiment", "999999"));
        assertEquals(400, notHers.statusCode(), "a number not hers is said on the form, not on an error page");
        assertTrue(notHers.body().contains("no experiment 999999 of yours"), notHers.body());
        assertTrue(notHers.body().contains("value=\"999999\""), "the number stays to be corrected");
        assertEquals(0, server.count("SELECT COUNT(*) FROM submissions WHERE exercise_id = " + target));

        long numeric = create(numeric("Tolerance said", ""));
        assertTrue(alicePages.get("/exercises/" + numeric).body().contains("within 1 % of the expected value"));
        String list = teacherPages.get("/courses/" + course + "/exercises").body();
        assertTrue(list.contains("<td>10 % a day</td>") && list.contains("<td>at once</td>"),
                "the list in the form's words, not 10.0 % or the API's 'immediate'");

        long essay = create("{\"kind\":\"essay\",\"title\":\"Shown back\",\"opensAt\":\"" + when(Duration.ofDays(-1))
                + "\",\"dueAt\":\"" + when(Duration.ofDays(1)) + "\",\"locksAt\":\"" + when(Duration.ofDays(2))
                + "\",\"rubric\":[{\"criterion\":\"names the ranges\",\"points\":2}]}");
        assertTrue(teacherPages.get("/exercises/" + essay).body().contains("Graded on: names the ranges (2)."),
                "the instructor's page shows the rubric students are graded on");
        assertTrue(alicePages.get("/exercises/" + essay).body().contains("Graded on: names the ranges (2)."));
        HttpResponse<String> handed = alicePages.postForm("/exercises/" + essay + "/submissions",
                Browserless.form("_csrf", alicePages.csrfFrom("/exercises/" + essay), "text", "Per <b>channel</b> ranges"));
        assertEquals(303, handed.statusCode(), handed.body());
        assertTrue(alicePages.get("/exercises/" + essay).body().contains("Per &lt;b&gt;channel&lt;/b&gt; ranges"),
                "the student sees what they handed in, as text");

        long overdue = create("{\"kind\":\"numeric\",\"title\":\"Overdue\",\"opensAt\":\"" + when(Duration.ofDays(-3))
                + "\",\"dueAt\":\"" + when(Duration.ofDays(-1)) + "\",\"locksAt\":\"" + when(Duration.ofDays(2))
                + "\",\"questions\":[{\"choice\":\"why-calibration\"}]}");
        assertEquals(201, submit(alice, overdue, "{\"answers\":{\"1\":{\"choice\":1}}}").statusCode());
        String home = alicePages.get("/course/exercises").body();
        String row = rowOf(home, overdue);
        assertTrue(row.contains(" · <strong class=\"late\">deadline passed</strong>: an attempt now is late"), row);
        assertTrue(row.contains("</span> (late)"), "an open exercise's late grade says so too: " + row);

        long aliceId = server.count("SELECT id FROM users WHERE email = 'alice@example.org'");
        String progress = teacherPages.htmxGet("/courses/" + course + "/dashboard/progress").body();
        assertTrue(progress.contains("href=\"/exercises/" + essay + "#student-" + aliceId + "\""),
                "the dashboard's cell opens the student's attempts: " + progress);
        assertTrue(progress.contains("href=\"/exercises/" + essay + "\""), "its column the exercise");
        assertTrue(teacherPages.get("/exercises/" + essay).body().contains("id=\"student-" + aliceId + "\""),
                "where the student's row is the anchor, with its Grade… link");
    }

    @Test
    void aStudentInTwoCoursesSeesWhichCourseEachExerciseIsFrom() throws Exception {
        JsonNode other = Browserless.json(client.api("POST", "/api/courses", teacher,
                "{\"name\":\"Edge <AI> winter\"}"));
        HttpResponse<String> joined = alicePages.postForm("/course/join", Browserless.form("_csrf",
                alicePages.csrfFrom("/course"), "joinCode", other.get("joinCode").asText()));
        assertEquals(303, joined.statusCode(), joined.body());
        long here = create(numeric("Same title", ""));
        HttpResponse<String> there = client.api("POST", "/api/courses/" + other.get("id").asLong() + "/exercises",
                teacher, numeric("Same title", ""));
        assertEquals(201, there.statusCode(), there.body());

        String home = alicePages.get("/course/exercises").body();
        assertTrue(rowOf(home, here).contains("<span class=\"course-of muted\">(Exercises 101)</span>"), home);
        assertTrue(rowOf(home, Browserless.json(there).get("id").asLong())
                .contains("<span class=\"course-of muted\">(Edge &lt;AI&gt; winter)</span>"), "named, as text: " + home);
    }

    private static String rowOf(String home, long exercise) {
        Matcher row = Pattern.compile("(?s)<li data-exercise=\"" + exercise + "\">(.*?)</li>").matcher(home);
        assertTrue(row.find(), home);
        return row.group(1);
    }

    @Test
    void theTargetFormOffersTheDataSetsAndZooModelsWhileTheServerStillChecks() throws Exception {
        String page = teacherPages.get("/courses/" + course + "/exercises").body();
        assertTrue(page.contains("<input name=\"dataset\" list=\"dataset-names\""), page);
        assertTrue(page.contains("<input name=\"model\" list=\"model-names\""), page);
        String datasets = between(page, "<datalist id=\"dataset-names\">", "</datalist>");
        for (String d : Datasets.BUILT_IN_NAMES) {
            assertTrue(datasets.contains("<option value=\"" + d + "\"></option>"), datasets);
        }
        String models = between(page, "<datalist id=\"model-names\">", "</datalist>");
        ModelZoo.names().forEach(m -> assertTrue(models.contains("<option value=\"" + m + "\"></option>"), models));

        long before = server.count("SELECT COUNT(*) FROM exercises");
        String day = Instant.now().toString().substring(0, 16);
        String later = Instant.now().plus(Duration.ofDays(2)).toString().substring(0, 16);
        HttpResponse<String> blank = teacherPages.postForm("/courses/" + course + "/exercises", Browserless.form(
                "_csrf", teacherPages.csrfFrom("/courses/" + course + "/exercises"), "kind", "target",
                "title", "Nothing to train on", "opensAt", day, "dueAt", later, "locksAt", later,
                "feedback", "immediate", "dataset", " ", "model", "mlp", "minAccuracy", "50"));
        assertEquals(400, blank.statusCode(), "a typed name is checked by the server, not only offered");
        assertTrue(blank.body().contains("data-field=\"dataset\""), blank.body());
        assertTrue(blank.body().contains("list=\"model-names\" autocomplete=\"off\" value=\"mlp\""),
                "what was typed stays in the box");
        assertEquals(before, server.count("SELECT COUNT(*) FROM exercises"));
    }

    private static String between(String page, String start, String end) {
        int from = page.indexOf(start);
        assertTrue(from >= 0, start + " in " + page);
        return page.substring(from, page.indexOf(end, from));
    }
}
