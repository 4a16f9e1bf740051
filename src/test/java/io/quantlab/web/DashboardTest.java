package io.quantlab.web;

import static io.quantlab.web.Browserless.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quantlab.Json;
import io.quantlab.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The instructor's dashboard of a course whose students trained and quantized (real jobs on the
 * synthetic data set), handed in exercises and have a job running: each fragment's content, and
 * that only the course's instructors reach it.
 */
class DashboardTest extends ServerTest {
    private static final String PASSWORD = "long-enough-password";
    private static final String QUICK_TRAINING = "{\"kind\":\"train\",\"dataset\":\"synthetic\",\"model\":\"mlp\","
            + "\"trainSubset\":300}";
    private static Browserless ivy;
    private static String ivyToken;
    private static Browserless otto;
    private static Browserless kim;
    private static long course;
    private static long kimsTraining;
    private static long kimsPtq;
    private static long leesJob;
    private static long samsTraining;
    private static long ivysTraining;
    private static long numeric;
    private static long essay;

    @BeforeAll
    static void aCourseInSession() throws Exception {
        ivy = instructor("ivy");
        ivyToken = ivy.apiToken("ivy@example.org", PASSWORD);
        otto = instructor("otto");
        HttpResponse<String> created = ivy.api("POST", "/api/courses", ivyToken, "{\"name\":\"Dashboard 101\"}");
        course = Browserless.json(created).get("id").asLong();
        String code = Browserless.json(created).get("joinCode").asText();
        kim = new Browserless(server.url(""));
        kim.registerStudent(code, "kim", "kim@example.org", PASSWORD);
        String kimToken = kim.apiToken("kim@example.org", PASSWORD);
        Browserless lee = new Browserless(server.url(""));
        lee.registerStudent(code, "lee", "lee@example.org", PASSWORD);
        String leeToken = lee.apiToken("lee@example.org", PASSWORD);
        Browserless sam = new Browserless(server.url(""));
        sam.registerStudent(server.joinCode(), "sam", "sam@example.org", PASSWORD);
        String samToken = sam.apiToken("sam@example.org", PASSWORD);

        kimsTraining = start(kimToken, QUICK_TRAINING);
        samsTraining = start(samToken, QUICK_TRAINING);
        await(kimToken, kimsTraining, "done");
        kimsPtq = start(kimToken, "{\"kind\":\"ptq\",\"parent\":" + kimsTraining + "}");
        await(kimToken, kimsPtq, "done");
        await(samToken, samsTraining, "done");
        ivysTraining = start(ivyToken, QUICK_TRAINING);
        await(ivyToken, ivysTraining, "done");
        // Runs for minutes: running while the tests look, stopped when the server closes.
        leesJob = start(leeToken, "{\"kind\":\"train\",\"dataset\":\"synthetic\",\"model\":\"small-cnn\","
                + "\"epochs\":50}");

        numeric = exercise("{\"kind\":\"numeric\",\"title\":\"Scales\"," + dates(-1, 2, 4)
                + ",\"tolerancePercent\":1,\"questions\":[{\"template\":\"dequantize\"}]}");
        essay = exercise("{\"kind\":\"essay\",\"title\":\"Why per-channel\"," + dates(-3, -1, 3)
                + ",\"latePenaltyPercentPerDay\":10,\"rubric\":[{\"criterion\":\"names the channels\",\"points\":2}]}");
        assertEquals(201, kim.api("POST", "/api/exercises/" + numeric + "/submissions", kimToken,
                "{\"answers\":{\"1\":{\"value\":0.5}}}").statusCode());
        assertEquals(201, kim.api("POST", "/api/exercises/" + essay + "/submissions", kimToken,
                "{\"text\":\"Each channel has its own range.\"}").statusCode());
    }

    private static Browserless instructor(String name) throws Exception {
        return newInstructor(name, name + "@example.org", PASSWORD);
    }

    /** Opens {@code opensInDays} from now, due and locked likewise. */
    private static String dates(int opensInDays, int dueInDays, int locksInDays) {
        Instant now = Instant.now();
        return "\"opensAt\":\"" + now.plus(Duration.ofDays(opensInDays)) + "\",\"dueAt\":\""
                + now.plus(Duration.ofDays(dueInDays)) + "\",\"locksAt\":\"" + now.plus(Duration.ofDays(locksInDays)) + "\"";
    }

    private static long exercise(String json) throws Exception {
        HttpResponse<String> r = ivy.api("POST", "/api/courses/" + course + "/exercises", ivyToken, json);
        assertEquals(201, r.statusCode(), r.body());
        return Browserless.json(r).get("id").asLong();
    }

    private static String fragment(String part) throws Exception {
        HttpResponse<String> r = ivy.htmxGet("/courses/" + course + "/dashboard/" + part);
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    @Test
    void theActivePartListsTheCoursesStudentsSeenInTheLastMinutes() throws Exception {
        new Browserless(server.url("")).registerStudent(code(), "max", "max@example.org", PASSWORD);
        server.sql("UPDATE users SET last_active_at = DATEADD('MINUTE', -10, CURRENT_TIMESTAMP) "
                + "WHERE email = 'max@example.org'");

        String active = fragment("active");

        assertTrue(active.contains(">kim <"), active);
        assertTrue(active.contains(">lee <"), active);
        assertFalse(active.contains("max"), "ten minutes ago is not active");
        assertFalse(active.contains("sam"), "a student of another course");
        assertTrue(active.contains("id=\"active-count\">2 of 3<"), active);
        assertTrue(active.contains("hx-trigger=\"every 5s\""), "it refreshes itself");
    }

    @Test
    void theQueueShowsTheStudentsUnfinishedJobsWithTheirProgress() throws Exception {
        String queue = fragment("queue");

        assertTrue(queue.contains("data-experiment=\"" + leesJob + "\""), queue);
        assertTrue(queue.contains("<td>lee</td>"), queue);
        assertTrue(queue.matches("(?s).*data-experiment=\"" + leesJob + "\".*class=\"status (running|queued)\".*"), queue);
        assertFalse(queue.contains("data-experiment=\"" + kimsTraining + "\""), "finished jobs are not in the queue");
        assertTrue(Pattern.compile("<progress max=\"100\" value=\"\\d+\">|position \\d").matcher(queue).find(), queue);
    }

    @Test
    void theProgressMatrixReadsSubmissionsAndGrades() throws Exception {
        String matrix = fragment("progress");

        // by deadline: the essay (due yesterday), then the numeric exercise
        assertEquals(List.of("submitted", "graded"), states(matrix, "kim"));
        assertEquals(List.of("overdue", "not-started"), states(matrix, "lee"));
        assertTrue(Pattern.compile("class=\"cell graded\" data-state=\"graded\"><a href=\"/exercises/\\d+#student-\\d+\">0/1</a><").matcher(matrix).find(),
                "the dequantize answer 0.5 is wrong for Kim's numbers: " + matrix);
        assertTrue(Pattern.compile("class=\"cell submitted late\" data-state=\"submitted\"><a href=\"/exercises/\\d+#student-\\d+\">"
                + "submitted · late</a><").matcher(matrix).find(),
                "handed in a day after the deadline: " + matrix);
        assertTrue(matrix.contains("data-exercise=\"" + numeric + "\"><a href=\"/exercises/" + numeric + "\">Scales"));
        assertTrue(matrix.contains("data-exercise=\"" + essay + "\"><a href=\"/exercises/" + essay + "\">Why per-channel"),
                "a column's name opens its exercise");
    }

    private static List<String> states(String matrix, String student) {
        Matcher row = Pattern.compile("(?s)<tr data-student=\"\\d+\"><th>" + student + "</th>(.*?)</tr>").matcher(matrix);
        assertTrue(row.find(), student + " in " + matrix);
        List<String> out = new ArrayList<>();
        Matcher cell = Pattern.compile("data-state=\"([a-z-]+)\"").matcher(row.group(1));
        while (cell.find()) {
            out.add(cell.group(1));
        }
        return out;
    }

    @Test
    void theScatterHoldsEveryResultOfTheCoursesFinishedExperimentsEachALink() throws Exception {
        String scatter = fragment("scatter");
        Matcher json = Pattern.compile("(?s)<script type=\"application/json\" id=\"class-scatter-data\">(.*?)</script>")
                .matcher(scatter);
        assertTrue(json.find(), scatter);
        JsonNode series = Json.MAPPER.readTree(json.group(1));

        List<String> points = new ArrayList<>();
        series.forEach(s -> s.get("points").forEach(p -> points.add(s.get("method").asText() + " #" + p.get("id").asLong()
                + " " + p.get("who").asText())));
        assertTrue(points.containsAll(List.of("FP32 #" + kimsTraining + " kim",
                "PTQ static per-channel #" + kimsPtq + " kim")), points.toString());
        assertTrue(points.stream().noneMatch(p -> p.contains("#" + samsTraining + " ") || p.contains("#" + leesJob + " ")),
                "not Sam's of another course, nor Lee's unfinished job: " + points);
        assertEquals("FP32", series.get(0).get("method").asText(), "FP32 first");
        JsonNode ptq = series.get(1).get("points").get(0);
        JsonNode measured = Browserless.json(ivy.api("GET", "/api/experiments/" + kimsPtq, ivyToken, null)).get("metrics");
        assertEquals(measured.get("deployedAccuracy").asDouble(), ptq.get("accuracy").asDouble(), 1e-9);
        assertEquals(measured.get("sizeBytes").asLong(), ptq.get("sizeBytes").asLong());
        assertTrue(scatter.contains("<a href=\"/experiments/" + kimsPtq + "\">"), "each point a link too");
        assertEquals(200, ivy.get("/experiments/" + kimsPtq).statusCode(), "which the instructor may open");
    }

    @Test
    void publishingAndWithdrawingABaselineInOneClick() throws Exception {
        long baseline = ivysTraining;
        String csrf = ivy.csrfFrom("/courses/" + course + "/dashboard");
        assertTrue(fragment("baselines").contains("id=\"publish-" + baseline + "\""), "offered");
        assertEquals(404, kim.get("/experiments/" + baseline).statusCode());

        HttpResponse<String> published = ivy.htmx("/courses/" + course + "/dashboard/baselines", csrf,
                form("experiment", String.valueOf(baseline), "action", "publish"));

        assertEquals(200, published.statusCode(), published.body());
        assertTrue(published.body().strip().startsWith("<section class=\"card\" id=\"dashboard-baselines\""),
                "the card alone: " + published.body());
        assertTrue(published.body().matches("(?s).*id=\"current-baselines\">.*#" + baseline + "</a>.*"), published.body());
        assertEquals(200, kim.get("/experiments/" + baseline).statusCode(), "the students open it");
        assertTrue(fragment("scatter").contains("/experiments/" + baseline + "\""), "a baseline is on the scatter");
        assertEquals(403, ivy.htmx("/courses/" + course + "/dashboard/baselines", csrf,
                form("experiment", String.valueOf(kimsTraining), "action", "publish")).statusCode(), "not a student's");
        assertEquals(400, ivy.htmx("/courses/" + course + "/dashboard/baselines", csrf,
                form("experiment", "seven", "action", "publish")).statusCode());
        assertEquals(403, ivy.postForm("/courses/" + course + "/dashboard/baselines",
                form("experiment", String.valueOf(baseline), "action", "withdraw")).statusCode(), "needs the form's token");

        HttpResponse<String> withdrawn = ivy.postForm("/courses/" + course + "/dashboard/baselines",
                form("_csrf", csrf, "experiment", String.valueOf(baseline), "action", "withdraw"));
        assertEquals(303, withdrawn.statusCode());
        assertEquals(404, kim.get("/experiments/" + baseline).statusCode(), "private again");
        assertEquals(2, server.count("SELECT COUNT(*) FROM audit_log WHERE action IN ('baseline-marked', "
                + "'baseline-removed') AND detail LIKE '#" + baseline + "%'"));
    }

    @Test
    void onlyTheCoursesInstructorsReachTheDashboardAnyoneElseAsIfThereWereNone() throws Exception {
        Browserless anonymous = new Browserless(server.url(""));
        for (String part : List.of("", "/active", "/queue", "/progress", "/scatter", "/baselines")) {
            String path = "/courses/" + course + "/dashboard" + part;
            assertEquals(200, ivy.get(path).statusCode(), path);
            HttpResponse<String> others = otto.get(path);
            assertEquals(404, others.statusCode(), path);
            assertTrue(others.body().contains("no course " + course + " that you teach"), others.body());
            assertFalse(others.body().contains("kim"), "nothing of the course leaks");
            assertEquals(404, kim.get(path).statusCode(), "a student of the course: " + path);
            assertEquals(302, anonymous.get(path).statusCode(), path);
            assertEquals(404, ivy.get("/courses/987654/dashboard" + part).statusCode());
        }
        String ottosCsrf = otto.csrfFrom("/course");
        assertEquals(404, otto.postForm("/courses/" + course + "/dashboard/baselines",
                form("_csrf", ottosCsrf, "experiment", String.valueOf(kimsTraining), "action", "publish")).statusCode());
        assertTrue(ivy.get("/courses/" + course).body().contains("href=\"/courses/" + course + "/dashboard\""),
                "linked from the course page");
    }

    private static String code() throws Exception {
        return Browserless.json(ivy.api("GET", "/api/courses/" + course + "/roster", ivyToken, null)).get("joinCode")
                .asText();
    }
}
