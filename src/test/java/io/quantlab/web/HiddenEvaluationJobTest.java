package io.quantlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quantlab.TestServer;
import io.quantlab.exercise.GradeBook;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A target attempt's hidden-split evaluation is a job, not work on the request: with no worker
 * running, hand-ins are answered 201 at once with their constraint score and "queued", and the
 * private board shows no model before it was evaluated, saying how many wait. The same
 * experiment handed in twice is evaluated once. An evaluation cut off as a kill -9 leaves it (its
 * row running, its queue entry held by a worker whose heartbeat stopped) runs again after the
 * restart and ends with one result; a model that cannot be run ends its job failed, the reason
 * shown to the instructor only, the attempt kept, and is tried again when the experiment is handed
 * in again. The ranking bonus counts evaluated models only.
 * A mixed-precision result is handed in and evaluated as a model of its own; a model evaluated for
 * one exercise is not run again for another.
 */
class HiddenEvaluationJobTest {
    private static final String PASSWORD = "long-enough-password";
    private static final String TRAINING = "{\"kind\":\"train\",\"dataset\":\"synthetic\",\"model\":\"mlp\","
            + "\"epochs\":1,\"trainSubset\":2000}";

    @Test
    void hiddenEvaluationsAreQueuedRunAgainAfterAKillAndFailWithAReasonForTheInstructor() throws Exception {
        Path home = Files.createTempDirectory("quantlab-hidden-evaluation");
        String teacher;
        String student;
        long deployed;
        long simulated;
        long mixed;
        long first;
        long second;
        long third;
        try (TestServer worker = TestServer.start(home, 1)) {
            Browserless client = new Browserless(worker.url(""));
            teacher = client.apiToken(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
            JsonNode course = Browserless.json(client.api("POST", "/api/courses", teacher, "{\"name\":\"Jobs\"}"));
            new Browserless(worker.url("")).registerStudent(course.get("joinCode").asText(), "Sam", "sam@example.org",
                    PASSWORD);
            student = client.apiToken("sam@example.org", PASSWORD);
            long training = client.startExperiment(student, TRAINING);
            client.awaitStatus(student, training, "done", Duration.ofMinutes(3));
            deployed = client.startExperiment(student, "{\"kind\":\"ptq\",\"parent\":" + training + "}");
            simulated = client.startExperiment(student, "{\"kind\":\"ptq\",\"parent\":" + training
                    + ",\"weightBits\":4,\"activationBits\":4}");
            mixed = client.startExperiment(student, "{\"kind\":\"mixed-precision\",\"parent\":" + training
                    + ",\"sizeBudgetBytes\":100000000,\"candidateBits\":[4]}");
            client.awaitStatus(student, deployed, "done", Duration.ofMinutes(3));
            client.awaitStatus(student, simulated, "done", Duration.ofMinutes(3));
            client.awaitStatus(student, mixed, "done", Duration.ofMinutes(3));
            first = target(client, teacher, course.get("id").asLong());
            second = target(client, teacher, course.get("id").asLong());
            third = target(client, teacher, course.get("id").asLong());
        }

        long job;
        byte[] grids;
        try (TestServer webOnly = TestServer.start(home, 0)) {
            Browserless client = new Browserless(webOnly.url(""));
            JsonNode attempt = handIn(client, student, first, deployed);
            assertEquals("queued", attempt.get("hiddenEvaluation").asText(), attempt.toString());
            assertEquals(2.0, attempt.get("score").asDouble(), "the constraints, from the stored metrics, at once");
            assertFalse(attempt.toString().toLowerCase().contains("hiddenaccuracy"), attempt.toString());
            assertEquals("queued", handIn(client, student, first, deployed).get("hiddenEvaluation").asText());
            assertEquals(2, webOnly.count("SELECT COUNT(*) FROM submissions WHERE exercise_id = " + first));
            assertEquals(1, webOnly.count("SELECT COUNT(*) FROM target_results WHERE exercise_id = " + first),
                    "the same experiment handed in again is evaluated once");
            assertEquals(1, webOnly.count("SELECT COUNT(*) FROM scheduled_tasks WHERE task_name = 'hidden-evaluation'"));
            handIn(client, student, second, simulated);

            webOnly.sql("UPDATE exercises SET due_at = DATEADD('MINUTE', -1, CURRENT_TIMESTAMP) WHERE id IN (" + first
                    + ", " + second + ")");
            JsonNode waiting = board(client, student, first);
            assertEquals("private", waiting.get("board").asText());
            assertEquals(0, waiting.get("rows").size(), "no model on the private board before it was evaluated");
            assertEquals(1, waiting.get("evaluating").asInt());
            HttpResponse<String> bonus = client.api("POST", "/api/exercises/" + first + "/ranking-bonus", teacher, null);
            assertEquals(200, bonus.statusCode(), bonus.body());
            assertEquals(2000, grade(webOnly, first), "no bonus for a model not yet evaluated");
            Browserless page = new Browserless(webOnly.url(""));
            page.signIn("sam@example.org", PASSWORD);
            assertTrue(page.get("/exercises/" + first + "/leaderboard").body().contains("still being evaluated"));

            // the second model cannot be run any more: its stored grids are gone
            grids = webOnly.artifact(simulated, "quantization.json");
            webOnly.sql("DELETE FROM artifacts WHERE experiment_id = " + simulated + " AND kind = 'quantization.json'");
            // the first as a kill -9 leaves an evaluation in the middle: its row running, its queue entry held by a
            // worker whose heartbeat stopped
            job = webOnly.count("SELECT id FROM target_results WHERE exercise_id = " + first);
            webOnly.sql("UPDATE target_results SET status = 'RUNNING' WHERE id = " + job);
            assertEquals(1, webOnly.sql("UPDATE scheduled_tasks SET picked = TRUE, picked_by = 'killed-worker', "
                    + "last_heartbeat = DATEADD('MINUTE', -10, CURRENT_TIMESTAMP), version = version + 1 "
                    + "WHERE task_name = 'hidden-evaluation' AND task_instance = '" + job + "'"));
            assertEquals("running", status(client, student, first));
            Browserless instructor = new Browserless(webOnly.url(""));
            instructor.signIn(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
            String attempts = instructor.get("/exercises/" + first).body();
            assertTrue(attempts.contains("data-status=\"running\">Hidden-split evaluation:"), attempts);
        }

        try (TestServer worker = TestServer.start(home, 1)) {
            Browserless client = new Browserless(worker.url(""));
            awaitEnded(worker, "exercise_id = " + first);
            awaitEnded(worker, "exercise_id = " + second);
            assertEquals(1, worker.count("SELECT COUNT(*) FROM target_results WHERE exercise_id = " + first));
            assertEquals(1, worker.count("SELECT COUNT(*) FROM target_results WHERE id = " + job + " AND status = 'DONE' "
                    + "AND restarts = 1 AND hidden_accuracy IS NOT NULL AND evaluated_in = 'ONNX Runtime'"));
            assertEquals("done", status(client, student, first));
            JsonNode board = board(client, student, first);
            assertEquals(1, board.get("rows").size(), board.toString());
            assertEquals(0, board.get("evaluating").asInt());
            assertEquals(worker.count("SELECT CAST(ROUND(hidden_accuracy * 1000000) AS BIGINT) FROM target_results "
                    + "WHERE id = " + job), Math.round(board.at("/rows/0/accuracy").asDouble() * 1e6));
            for (Instant until = Instant.now().plusSeconds(30); grade(worker, first) != 3000 && Instant.now().isBefore(until); ) {
                Thread.sleep(200);
            }
            assertEquals(3000, grade(worker, first), "evaluated after the deadline, the one model ranks first: one bonus"
                    + " point, with no call");
            HttpResponse<String> bonus = client.api("POST", "/api/exercises/" + first + "/ranking-bonus", teacher, null);
            assertEquals(200, bonus.statusCode(), bonus.body());
            assertEquals(3000, grade(worker, first), "applying it again changes nothing");

            assertEquals(1, worker.count("SELECT COUNT(*) FROM target_results WHERE exercise_id = " + second
                    + " AND status = 'FAILED' AND error LIKE '%quantization.json%'"));
            assertEquals("failed", status(client, student, second));
            JsonNode forTeacher = board(client, teacher, second);
            assertEquals(0, forTeacher.get("rows").size());
            assertEquals(simulated, forTeacher.at("/failed/0/experimentId").asLong(), forTeacher.toString());
            assertTrue(forTeacher.at("/failed/0/reason").asText().contains("quantization.json"), forTeacher.toString());
            JsonNode forStudent = board(client, student, second);
            assertTrue(forStudent.path("failed").isMissingNode(), "the reason is the instructor's: " + forStudent);
            assertEquals(1, worker.count("SELECT COUNT(*) FROM submissions WHERE exercise_id = " + second
                    + " AND score = 2"), "the attempt and its score are kept");
            Browserless page = new Browserless(worker.url(""));
            page.signIn(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
            String html = page.get("/exercises/" + second + "/leaderboard").body();
            assertTrue(html.contains("id=\"board-failed\"") && html.contains("quantization.json"), html);
            String attempts = page.get("/exercises/" + second).body();
            assertTrue(attempts.contains("data-status=\"failed\"") && attempts.contains("quantization.json"),
                    "the instructor's submissions page names the failure and its reason: " + attempts);
            String evaluated = page.get("/exercises/" + first).body();
            String hidden = GradeBook.number(board.at("/rows/0/accuracy").asDouble());
            assertTrue(evaluated.contains("data-status=\"done\"") && evaluated.contains("done, " + hidden + " %"),
                    "the instructor sees the hidden accuracy (" + hidden + "): " + evaluated);
            Browserless sam = new Browserless(worker.url(""));
            sam.signIn("sam@example.org", PASSWORD);
            String own = sam.get("/exercises/" + second).body();
            assertTrue(own.contains("data-status=\"failed\"") && !own.contains("quantization.json"),
                    "the student sees the status, not the reason: " + own);

            // once its files are whole again, handing it in again evaluates it again
            worker.sql("INSERT INTO artifacts (experiment_id, kind, sha256, size_bytes, content, created_at) VALUES ("
                    + simulated + ", 'quantization.json', '" + "0".repeat(64) + "', " + grids.length + ", X'"
                    + HexFormat.of().formatHex(grids) + "', CURRENT_TIMESTAMP)");
            String retried = handIn(client, student, second, simulated).get("hiddenEvaluation").asText();
            assertTrue(Set.of("queued", "running").contains(retried), "evaluated again, not failed at once: " + retried);
            awaitEnded(worker, "exercise_id = " + second);
            assertEquals(1, worker.count("SELECT COUNT(*) FROM target_results WHERE exercise_id = " + second
                    + " AND status = 'DONE' AND restarts = 0 AND error IS NULL AND evaluated_in = 'simulated'"));
            assertTrue(board(client, teacher, second).path("failed").isMissingNode());
            assertEquals(1, board(client, student, second).get("rows").size());

            // a mixed-precision result is a model of its own too: its widest layer's bits, simulated from its files
            assertEquals(2.0, handIn(client, student, third, mixed).get("score").asDouble());
            awaitEnded(worker, "exercise_id = " + third);
            assertEquals(1, worker.count("SELECT COUNT(*) FROM target_results WHERE exercise_id = " + third
                    + " AND status = 'DONE' AND weight_bits = 4 AND evaluated_in = 'simulated'"));

            // a model evaluated for one exercise is not run again for another: its evaluation is copied
            handIn(client, student, third, deployed);
            awaitEnded(worker, "exercise_id = " + third + " AND experiment_id = " + deployed);
            assertEquals(1, worker.count("SELECT COUNT(*) FROM target_results a JOIN target_results b ON "
                    + "a.experiment_id = b.experiment_id AND a.evaluation_ms = b.evaluation_ms AND a.hidden_accuracy = "
                    + "b.hidden_accuracy WHERE a.exercise_id = " + first + " AND b.exercise_id = " + third
                    + " AND b.status = 'DONE'"));
        }
    }

    /** A target exercise on the synthetic MLP with a ranking bonus: weights ≤ 8 bits, accuracy ≥ 10 %. */
    private static long target(Browserless client, String teacher, long course) throws Exception {
        HttpResponse<String> r = client.api("POST", "/api/courses/" + course + "/exercises", teacher,
                "{\"kind\":\"target\",\"title\":\"Queued\",\"opensAt\":\"" + Instant.now().minus(Duration.ofDays(1))
                        + "\",\"dueAt\":\"" + Instant.now().plus(Duration.ofDays(1)) + "\",\"locksAt\":\""
                        + Instant.now().plus(Duration.ofDays(2)) + "\",\"dataset\":\"synthetic\",\"model\":\"mlp\","
                        + "\"maxWeightBits\":8,\"minAccuracy\":10,\"rankingBonus\":true}");
        assertEquals(201, r.statusCode(), r.body());
        return Browserless.json(r).get("id").asLong();
    }

    private static JsonNode handIn(Browserless client, String token, long exercise, long experiment) throws Exception {
        HttpResponse<String> r = client.api("POST", "/api/exercises/" + exercise + "/submissions", token,
                "{\"experiment\":" + experiment + "}");
        assertEquals(201, r.statusCode(), r.body());
        return Browserless.json(r);
    }

    private static JsonNode board(Browserless client, String token, long exercise) throws Exception {
        HttpResponse<String> r = client.api("GET", "/api/exercises/" + exercise + "/leaderboard", token, null);
        assertEquals(200, r.statusCode(), r.body());
        return Browserless.json(r);
    }

    /** The hidden evaluation's status of the student's newest attempt, as the exercise API shows it to them. */
    private static String status(Browserless client, String token, long exercise) throws Exception {
        JsonNode attempts = Browserless.json(client.api("GET", "/api/exercises/" + exercise, token, null)).get("attempts");
        return attempts.get(attempts.size() - 1).get("hiddenEvaluation").asText();
    }

    /** The student's grade on the exercise, in thousandths of a point. */
    private static long grade(TestServer server, long exercise) throws Exception {
        return server.count("SELECT CAST(ROUND(score * 1000) AS BIGINT) FROM grades WHERE exercise_id = " + exercise);
    }

    private static void awaitEnded(TestServer server, String where) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (server.count("SELECT COUNT(*) FROM target_results WHERE " + where + " AND status IN ('DONE', 'FAILED')")
                == 0) {
            assertTrue(Instant.now().isBefore(deadline), "the hidden evaluation did not end: " + where);
            Thread.sleep(200);
        }
    }
}
