package io.quantlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quantlab.Json;
import io.quantlab.TestServer;
import io.quantlab.data.Dataset;
import io.quantlab.data.Datasets;
import io.quantlab.deploy.DeployedModel;
import io.quantlab.deploy.InputNormalization;
import io.quantlab.deploy.TrainedParameters;
import io.quantlab.experiment.ExperimentStore;
import io.quantlab.model.ModelSpec;
import io.quantlab.ptq.FakeQuantizedNetwork;
import io.quantlab.ptq.StoredQuantization;
import io.quantlab.train.TrainConfig;
import io.quantlab.train.Trainer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Target exercises end to end on a real server: two students train small CNNs on a Fashion-MNIST
 * subset (or the synthetic set), one quantizes hers (PTQ W8A8 deployed, W4A4 simulated; QAT W4A4
 * STE, LSQ+PACT W2A4, binary weights with FP32 activations, and two chosen layers at 4 and 2 bits,
 * all simulated), both submit; the constraints are checked
 * from the stored metrics at once, the models re-evaluated on the hidden split by a job (checked
 * here against ONNX Runtime and the stored quantization run independently), and the board is
 * public until the deadline and private after it, anonymized as the instructor set.
 */
class TargetExerciseTest extends ServerTest {
    private static final String DATASET = TestServer.trainingDataset();
    private static final String PASSWORD = "long-enough-password";
    private static final Datasets DATASETS = new Datasets();
    private static Browserless client;
    private static String teacher;
    private static String kim;
    private static String lee;
    private static long course;
    private static long kimsTraining;
    private static JsonNode kimsW8;
    private static JsonNode kimsW4A4;
    private static JsonNode leesTraining;
    private static List<JsonNode> kimsQats;

    @BeforeAll
    static void twoStudentsTrainAndKimQuantizes() throws Exception {
        client = new Browserless(server.url(""));
        teacher = client.apiToken(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        JsonNode created = Browserless.json(client.api("POST", "/api/courses", teacher, "{\"name\":\"Targets\"}"));
        course = created.get("id").asLong();
        String code = created.get("joinCode").asText();
        new Browserless(server.url("")).registerStudent(code, "Kim", "kim@example.org", PASSWORD);
        new Browserless(server.url("")).registerStudent(code, "Lee", "lee@example.org", PASSWORD);
        kim = client.apiToken("kim@example.org", PASSWORD);
        lee = client.apiToken("lee@example.org", PASSWORD);
        String train = "{\"kind\":\"train\",\"dataset\":\"" + DATASET + "\",\"model\":\"small-cnn\",\"epochs\":1,"
                + "\"learningRate\":0.002,\"optimizer\":\"adam\",\"trainSubset\":1000}";
        kimsTraining = start(kim, train);
        long leesId = start(lee, train.replace("0.002", "0.001"));
        await(kim, kimsTraining, "done");
        long w8 = start(kim, "{\"kind\":\"ptq\",\"parent\":" + kimsTraining + "}");
        long w4a4 = start(kim, "{\"kind\":\"ptq\",\"parent\":" + kimsTraining + ",\"weightBits\":4,\"activationBits\":4}");
        List<Long> qats = new ArrayList<>();
        for (String qat : List.of("\"weightBits\":4,\"activationBits\":4",
                "\"weightQuantizer\":\"lsq\",\"activationQuantizer\":\"pact\",\"weightBits\":2,\"activationBits\":4",
                "\"weightQuantizer\":\"binary\"", "\"layers\":[\"conv2\",\"fc\"],\"weightBits\":4,\"layerBits\":{\"fc\":2}")) {
            if (qats.size() == 3) {
                kimsW8 = await(kim, w8, "done"); // at most 5 jobs of one student queued or running
            }
            qats.add(start(kim, "{\"kind\":\"qat\",\"parent\":" + kimsTraining + "," + qat + "}"));
        }
        leesTraining = await(lee, leesId, "done");
        kimsW4A4 = await(kim, w4a4, "done");
        kimsQats = new ArrayList<>();
        for (long qat : qats) {
            kimsQats.add(await(kim, qat, "done"));
        }
        System.out.printf("visible accuracies: Kim's W8A8 %.2f %%, Lee's FP32 %.2f %%%n",
                kimsW8.at("/metrics/deployedAccuracy").asDouble(), leesTraining.at("/metrics/testAccuracy").asDouble());
    }

    static String when(Duration fromNow) {
        return Instant.now().plus(fromNow).toString();
    }

    /** A target exercise for small-cnn on the training data set, due {@code due} from now. */
    private static long target(Duration due, String constraints) throws Exception {
        HttpResponse<String> r = client.api("POST", "/api/courses/" + course + "/exercises", teacher,
                "{\"kind\":\"target\",\"title\":\"Small and good\",\"opensAt\":\"" + when(Duration.ofDays(-2))
                        + "\",\"dueAt\":\"" + when(due) + "\",\"locksAt\":\"" + when(Duration.ofDays(3))
                        + "\",\"dataset\":\"" + DATASET + "\"," + constraints + "}");
        assertEquals(201, r.statusCode(), r.body());
        return Browserless.json(r).get("id").asLong();
    }

    /** Bits ≤ 8, size at most Kim's W8A8 model's, accuracy ≥ 50 %. */
    private static String constraints(String model) {
        return "\"model\":\"" + model + "\",\"maxWeightBits\":8,\"maxSizeBytes\":"
                + kimsW8.at("/metrics/sizeBytes").asLong() + ",\"minAccuracy\":50";
    }

    private static HttpResponse<String> submit(String token, long exercise, long experiment) throws Exception {
        return client.api("POST", "/api/exercises/" + exercise + "/submissions", token,
                "{\"experiment\":" + experiment + "}");
    }

    /** Hands the experiment in, answered at once with its hidden evaluation queued (or already under way). */
    private static JsonNode handIn(String token, long exercise, long experiment) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = submit(token, exercise, experiment);
        System.out.printf("hand-in of experiment %d answered in %.0f ms%n", experiment, (System.nanoTime() - start) / 1e6);
        assertEquals(201, r.statusCode(), r.body());
        JsonNode attempt = Browserless.json(r);
        assertTrue(List.of("queued", "running", "done").contains(attempt.path("hiddenEvaluation").asText()), r.body());
        return attempt;
    }

    /** Waits for the hidden-split evaluation job of the experiment handed in to the exercise to end done. */
    private static void awaitEvaluated(long exercise, long experiment) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        String where = " FROM target_results WHERE exercise_id = " + exercise + " AND experiment_id = " + experiment;
        while (server.count("SELECT COUNT(*)" + where + " AND status IN ('DONE', 'FAILED')") == 0) {
            assertTrue(Instant.now().isBefore(deadline), "the hidden evaluation did not end");
            Thread.sleep(100);
        }
        assertEquals(1, server.count("SELECT COUNT(*)" + where + " AND status = 'DONE'"), "evaluated, not failed");
        System.out.printf("hidden-split evaluation job of experiment %d: %d ms%n", experiment,
                server.count("SELECT CAST(evaluation_ms AS BIGINT)" + where));
    }

    private static JsonNode board(String token, long exercise) throws Exception {
        HttpResponse<String> r = client.api("GET", "/api/exercises/" + exercise + "/leaderboard", token, null);
        assertEquals(200, r.statusCode(), r.body());
        return Browserless.json(r);
    }

    private static double stored(String column, long exercise, long experiment) throws Exception {
        // COUNT(*) reads one number: scaled to keep the fraction
        return server.count("SELECT CAST(ROUND(" + column + " * 1000000) AS BIGINT) FROM target_results WHERE exercise_id = "
                + exercise + " AND experiment_id = " + experiment) / 1e6;
    }

    private static Dataset data() {
        return DATASETS.get(DATASET);
    }

    @Test
    void aDeployedModelIsCheckedFromItsMetricsAndReEvaluatedInOnnxRuntimeOnTheHiddenSplit() throws Exception {
        long exercise = target(Duration.ofDays(1), constraints("small-cnn"));
        HttpResponse<String> r = submit(kim, exercise, kimsW8.get("id").asLong());
        assertEquals(201, r.statusCode(), r.body());
        JsonNode attempt = Browserless.json(r);
        assertTrue(List.of("queued", "running", "done").contains(attempt.path("hiddenEvaluation").asText()), r.body());
        assertEquals(3.0, attempt.get("score").asDouble(), r.body());
        assertEquals(3.0, attempt.get("maxScore").asDouble(), r.body());
        double visible = kimsW8.at("/metrics/deployedAccuracy").asDouble();
        JsonNode criteria = attempt.at("/feedback/criteria");
        assertEquals(3, criteria.size(), r.body());
        assertEquals(visible, criteria.get(2).get("value").asDouble(), 1e-12, "the accuracy the student saw");

        long experiment = kimsW8.get("id").asLong();
        awaitEvaluated(exercise, experiment);
        Dataset hidden = data().hiddenSplit();
        double expected;
        try (DeployedModel model = DeployedModel.load(server.artifact(experiment, ExperimentStore.MODEL_ONNX))) {
            expected = model.accuracy(InputNormalization.scaledTestImages(hidden, 0, hidden.testSize()), hidden.testLabels());
        }
        assertEquals(expected, stored("hidden_accuracy", exercise, experiment), 1e-6);
        assertEquals(visible, stored("visible_accuracy", exercise, experiment), 1e-6);
        assertFalse(r.body().contains("hiddenAccuracy") || r.body().contains(String.valueOf(expected)),
                "no hidden number in the attempt: " + r.body());
        System.out.printf("hidden-split re-evaluation of a W8A8 small-cnn in ONNX Runtime (%d images): %.0f ms%n",
                hidden.testSize(), stored("evaluation_ms", exercise, experiment));
    }

    @Test
    void aSimulatedModelIsRunAgainFromItsStoredQuantizationAndAFp32TrainingFailsTheBitsAndSize() throws Exception {
        long exercise = target(Duration.ofDays(1), constraints("small-cnn"));
        long w4a4 = kimsW4A4.get("id").asLong();
        JsonNode attempt = handIn(kim, exercise, w4a4);
        boolean accurate = kimsW4A4.at("/metrics/testAccuracy").asDouble() >= 50;
        assertTrue(kimsW4A4.at("/metrics/sizeBytes").asLong() <= kimsW8.at("/metrics/sizeBytes").asLong());
        assertEquals(2.0 + (accurate ? 1 : 0), attempt.get("score").asDouble(), attempt.toString());

        // the stored quantization.json and parameters rebuild exactly the model whose visible accuracy was reported
        // (rebuilt here while the worker evaluates it)
        ModelSpec spec = Trainer.modelSpec(new TrainConfig(DATASET, "small-cnn", 1, 64, 0.002, "adam", 0.9, 0, 1000, 0),
                data());
        TrainedParameters parameters = TrainedParameters.load(spec, server.artifact(kimsTraining, "parameters"));
        double rebuiltOnHidden;
        try (FakeQuantizedNetwork network = new FakeQuantizedNetwork(spec, parameters,
                StoredQuantization.read(server.artifact(w4a4, ExperimentStore.QUANTIZATION_JSON)))) {
            assertEquals(kimsW4A4.at("/metrics/testAccuracy").asDouble(), network.testAccuracy(data(), data().testSize()),
                    1e-9);
            Dataset hidden = data().hiddenSplit();
            rebuiltOnHidden = network.testAccuracy(hidden, hidden.testSize());
        }
        awaitEvaluated(exercise, w4a4);
        assertEquals(rebuiltOnHidden, stored("hidden_accuracy", exercise, w4a4), 1e-6);
        assertEquals(1, server.count("SELECT COUNT(*) FROM target_results WHERE evaluated_in = 'simulated' AND exercise_id = "
                + exercise));

        HttpResponse<String> fp32 = submit(lee, exercise, leesTraining.get("id").asLong());
        assertEquals(201, fp32.statusCode(), fp32.body());
        JsonNode c = Browserless.json(fp32).at("/feedback/criteria");
        assertEquals(32, c.get(0).get("value").asInt());
        assertFalse(c.get(0).get("met").asBoolean(), "32 > 8 bits");
        assertFalse(c.get(1).get("met").asBoolean(), "FP32 is larger than the W8A8 model");
        assertEquals(leesTraining.at("/metrics/testAccuracy").asDouble() >= 50, c.get(2).get("met").asBoolean());
    }

    @Test
    void anotherStudentsExperimentOrAnotherModelIsRefusedAndNothingIsStored() throws Exception {
        long exercise = target(Duration.ofDays(1), constraints("small-cnn"));
        HttpResponse<String> theirs = submit(lee, exercise, kimsW8.get("id").asLong());
        assertEquals(404, theirs.statusCode(), theirs.body());
        assertEquals("experiment", Browserless.json(theirs).get("field").asText());
        HttpResponse<String> none = submit(lee, exercise, 999_999);
        assertEquals(404, none.statusCode(), none.body());
        assertEquals(theirs.body().replace(String.valueOf(kimsW8.get("id").asLong()), "999999"), none.body(),
                "someone else's experiment looks like one that does not exist");

        long mlp = target(Duration.ofDays(1), constraints("mlp"));
        HttpResponse<String> wrong = submit(kim, mlp, kimsW8.get("id").asLong());
        assertEquals(400, wrong.statusCode(), wrong.body());
        assertEquals("experiment", Browserless.json(wrong).get("field").asText());
        assertTrue(Browserless.json(wrong).get("error").asText().contains("mlp"), wrong.body());
        assertEquals(0, server.count("SELECT COUNT(*) FROM submissions WHERE exercise_id IN (" + exercise + ", " + mlp + ")"));
        assertEquals(0, server.count("SELECT COUNT(*) FROM target_results WHERE exercise_id IN (" + exercise + ", " + mlp + ")"));
    }

    @Test
    void theBoardIsPublicUntilTheDeadlineThenPrivateAndAnonymizedAsSet() throws Exception {
        long exercise = target(Duration.ofDays(1), constraints("small-cnn") + ",\"anonymize\":true,\"rankingBonus\":true");
        long w8 = kimsW8.get("id").asLong();
        long fp32 = leesTraining.get("id").asLong();
        HttpResponse<String> kims = submit(kim, exercise, w8);
        HttpResponse<String> lees = submit(lee, exercise, fp32);
        assertEquals(201, kims.statusCode(), kims.body());
        assertEquals(201, lees.statusCode(), lees.body());
        awaitEvaluated(exercise, w8);
        awaitEvaluated(exercise, fp32);
        HttpResponse<String> early = client.api("POST", "/api/exercises/" + exercise + "/ranking-bonus", teacher, null);
        assertEquals(400, early.statusCode(), early.body());
        assertEquals("rankingBonus", Browserless.json(early).get("field").asText());

        JsonNode open = board(kim, exercise);
        assertEquals("public", open.get("board").asText());
        assertEquals(List.of(stored("visible_accuracy", exercise, w8), stored("visible_accuracy", exercise, fp32)).stream()
                .sorted((a, b) -> Double.compare(b, a)).toList(), accuracies(open));
        JsonNode kimsRow = row(open, true);
        JsonNode leesRow = row(open, false);
        assertEquals("Kim", kimsRow.get("name").asText());
        assertEquals(w8, kimsRow.get("experimentId").asLong());
        assertTrue(leesRow.get("name").asText().matches("Student \\d+"), "anonymized: " + leesRow);
        assertTrue(leesRow.get("experimentId").isNull(), "no classmate's experiment id: " + leesRow);
        assertTrue(leesRow.get("rankingBonus").isNull(), "no bonus before the deadline");
        String body = client.api("GET", "/api/exercises/" + exercise + "/leaderboard", lee, null).body();
        assertFalse(body.toLowerCase().contains("hiddenaccuracy") || body.contains("\"hidden split\""),
                "no hidden number before the deadline: " + body);
        JsonNode forTeacher = board(teacher, exercise);
        assertFalse(forTeacher.get("anonymized").asBoolean());
        assertTrue(accountsNamed(forTeacher).containsAll(List.of("Kim", "Lee")));

        server.sql("UPDATE exercises SET due_at = DATEADD('MINUTE', -1, CURRENT_TIMESTAMP) WHERE id = " + exercise);
        JsonNode closed = board(lee, exercise);
        assertEquals("private", closed.get("board").asText());
        assertEquals(0, closed.get("evaluating").asInt());
        assertEquals(List.of(stored("hidden_accuracy", exercise, w8), stored("hidden_accuracy", exercise, fp32)).stream()
                .sorted((a, b) -> Double.compare(b, a)).toList(), accuracies(closed));
        assertEquals(1.0, closed.get("rows").get(0).get("rankingBonus").asDouble());
        assertEquals(0.0, closed.get("rows").get(1).get("rankingBonus").asDouble());
        assertEquals("Lee", row(closed, true).get("name").asText());
        assertTrue(row(closed, false).get("name").asText().matches("Student \\d+"));
        assertTrue(closed.get("paretoFront").size() >= 1);

        assertEquals(403, client.api("POST", "/api/exercises/" + exercise + "/ranking-bonus", kim, null).statusCode());
        for (int time = 0; time < 2; time++) { // applying it again changes nothing
            HttpResponse<String> bonus = client.api("POST", "/api/exercises/" + exercise + "/ranking-bonus", teacher, null);
            assertEquals(200, bonus.statusCode(), bonus.body());
            for (JsonNode row : Browserless.json(bonus).get("rows")) {
                boolean isKim = row.get("experimentId").asLong() == w8;
                double attempt = Browserless.json(isKim ? kims : lees).get("score").asDouble();
                assertEquals(Math.round((attempt + row.get("rankingBonus").asDouble()) * 1000), server.count(
                        "SELECT CAST(ROUND(g.score * 1000) AS BIGINT) FROM grades g JOIN users u ON u.id = g.student_id"
                                + " WHERE g.exercise_id = " + exercise + " AND u.display_name = '" + (isKim ? "Kim" : "Lee") + "'"));
            }
        }
        assertEquals(1, server.count("SELECT COUNT(*) FROM audit_log WHERE action = 'grade-ranking-bonus' AND detail LIKE 'exercise "
                + exercise + ":%ranking bonus 1.0%' AND user_id IS NOT NULL"), "Kim's grade changed once; Lee's bonus is 0");
        assertEquals(1, server.count("SELECT COUNT(*) FROM audit_log WHERE action = 'grade-ranking-bonus' AND detail LIKE 'exercise "
                + exercise + ":%'"), "applying it again changed no grade, so no row");

        HttpResponse<String> pageAfter = client.api("GET", "/exercises/" + exercise + "/leaderboard", teacher, null);
        assertEquals(404, client.api("GET", "/api/exercises/" + (exercise + 1000) + "/leaderboard", kim, null).statusCode());
        assertNotEquals(500, pageAfter.statusCode());
    }

    @Test
    void theRankingBonusIsAppliedAtTheDeadlineByItselfAlsoAcrossARestartAndFollowsAnEditedThreshold() throws Exception {
        long exercise = target(Duration.ofDays(1), constraints("small-cnn") + ",\"rankingBonus\":true");
        assertEquals(1, server.count("SELECT COUNT(*) FROM scheduled_tasks WHERE task_name = 'exercise-deadline' AND "
                + "task_instance = '" + exercise + "' AND execution_time > DATEADD('HOUR', 23, CURRENT_TIMESTAMP)"),
                "a task at the deadline");
        HttpResponse<String> kims = submit(kim, exercise, kimsW8.get("id").asLong());
        assertEquals(201, kims.statusCode(), kims.body());
        HttpResponse<String> lees = submit(lee, exercise, leesTraining.get("id").asLong());
        assertEquals(201, lees.statusCode(), lees.body());
        double kimsAttempt = Browserless.json(kims).get("score").asDouble();
        double leesAttempt = Browserless.json(lees).get("score").asDouble();
        assertEquals(3.0, kimsAttempt, kims.body());

        Instant due = Instant.now().plusSeconds(8);
        HttpResponse<String> moved = client.api("PATCH", "/api/exercises/" + exercise, teacher,
                "{\"dueAt\":\"" + due + "\"}");
        assertEquals(200, moved.statusCode(), moved.body());
        assertEquals(1, server.count("SELECT COUNT(*) FROM scheduled_tasks WHERE task_name = 'exercise-deadline' AND "
                + "task_instance = '" + exercise + "' AND execution_time < DATEADD('MINUTE', 1, CURRENT_TIMESTAMP)"),
                "the task moved with the deadline");
        java.nio.file.Path home = server.home();
        server.close();
        assertEquals(0, TestServer.count(home, "SELECT COUNT(*) FROM audit_log WHERE action = 'grade-ranking-bonus' AND "
                + "detail LIKE 'exercise " + exercise + ":%'"), "no bonus before the deadline");
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), due).toMillis()) + 1000);
        server = TestServer.start(home, 1);
        client = new Browserless(server.url(""));

        String systemRows = "SELECT COUNT(*) FROM audit_log WHERE action = 'grade-ranking-bonus' AND detail LIKE 'exercise "
                + exercise + ":%' AND user_id IS NULL";
        for (long until = System.nanoTime() + 60_000_000_000L; server.count(systemRows) == 0
                && System.nanoTime() < until; ) {
            Thread.sleep(200);
        }
        assertEquals(1, server.count(systemRows), "with no call, done by the system: the first place's grade changed");
        assertEquals(0, server.count("SELECT COUNT(*) FROM scheduled_tasks WHERE task_name = 'exercise-deadline' AND "
                + "task_instance = '" + exercise + "'"), "once");
        double kimsBonus = row(board(teacher, exercise), "Kim").get("rankingBonus").asDouble();
        double leesBonus = row(board(teacher, exercise), "Lee").get("rankingBonus").asDouble();
        assertEquals(1.0, kimsBonus + leesBonus, "two students: 1 and 0");
        assertEquals(Math.round((kimsAttempt + kimsBonus) * 1000), grade(exercise, "Kim"));
        assertEquals(Math.round((leesAttempt + leesBonus) * 1000), grade(exercise, "Lee"));
        assertEquals(200, client.api("POST", "/api/exercises/" + exercise + "/ranking-bonus", teacher, null).statusCode());
        assertEquals(1, server.count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'grade-%' AND action <> "
                + "'grade-computed' AND detail LIKE 'exercise " + exercise + ":%'"), "applying it again doubles nothing");

        HttpResponse<String> tighter = client.api("PATCH", "/api/exercises/" + exercise, teacher,
                "{\"maxSizeBytes\":1000}");
        assertEquals(200, tighter.statusCode(), tighter.body());
        assertEquals(Math.round((kimsAttempt - 1 + kimsBonus) * 1000), grade(exercise, "Kim"),
                "the size no longer met, the bonus kept");
        assertEquals(Math.round((leesAttempt + leesBonus) * 1000), grade(exercise, "Lee"), "FP32 never met the size");
        assertEquals(1, server.count("SELECT COUNT(*) FROM audit_log WHERE action = 'grade-recomputed' AND detail LIKE "
                + "'exercise " + exercise + ":%' AND user_id IS NOT NULL"));
        JsonNode attempt = Browserless.json(client.api("GET", "/api/submissions/" + Browserless.json(kims).get("id")
                .asLong(), kim, null));
        assertEquals(2.0, attempt.get("score").asDouble(), "the attempt is scored against the new threshold: " + attempt);
        assertEquals(kimsW8.get("id").asLong(), attempt.get("experiment").asLong(), "and kept as handed in");
    }

    /** A student's grade on the exercise, in thousandths of a point. */
    private static long grade(long exercise, String name) throws Exception {
        return server.count("SELECT CAST(ROUND(g.score * 1000) AS BIGINT) FROM grades g JOIN users u ON u.id = g.student_id"
                + " WHERE g.exercise_id = " + exercise + " AND u.display_name = '" + name + "'");
    }

    private static JsonNode row(JsonNode board, String name) {
        for (JsonNode row : board.get("rows")) {
            if (row.get("name").asText().equals(name)) {
                return row;
            }
        }
        throw new AssertionError("no row of " + name + " in " + board);
    }

    @Test
    void qatResultsBelowEightBitsAreReEvaluatedAsTheModelTheirVisibleAccuracyCameFrom() throws Exception {
        long exercise = target(Duration.ofDays(1), constraints("small-cnn"));
        ModelSpec spec = Trainer.modelSpec(new TrainConfig(DATASET, "small-cnn", 1, 64, 0.002, "adam", 0.9, 0, 1000, 0),
                data());
        Dataset hidden = data().hiddenSplit();
        for (JsonNode qat : kimsQats) { // all handed in first: the worker evaluates while this test rebuilds each model
            handIn(kim, exercise, qat.get("id").asLong());
        }
        for (JsonNode qat : kimsQats) {
            long id = qat.get("id").asLong();
            // the stored fine-tuned parameters (binary layers binarized) and every stored grid (learned LSQ steps,
            // PACT clips, the observed activation grids) rebuild exactly the model whose visible accuracy was reported
            TrainedParameters parameters = TrainedParameters.load(spec, server.artifact(id, "parameters"));
            double rebuiltOnHidden;
            try (FakeQuantizedNetwork network = new FakeQuantizedNetwork(spec, parameters,
                    StoredQuantization.read(server.artifact(id, ExperimentStore.QUANTIZATION_JSON)))) {
                assertEquals(qat.at("/metrics/testAccuracy").asDouble(), network.testAccuracy(data(), data().testSize()),
                        1e-9, qat.get("config").toString());
                rebuiltOnHidden = network.testAccuracy(hidden, hidden.testSize());
            }
            awaitEvaluated(exercise, id);
            assertEquals(1, server.count("SELECT COUNT(*) FROM target_results WHERE evaluated_in = 'simulated' AND "
                    + "exercise_id = " + exercise + " AND experiment_id = " + id));
            assertEquals(rebuiltOnHidden, stored("hidden_accuracy", exercise, id), 1e-6);
        }
    }

    @Test
    void aQatResultThatStoredNoActivationGridsIsRefusedClearly() throws Exception {
        long exercise = target(Duration.ofDays(1), constraints("small-cnn"));
        long qat = kimsQats.get(0).get("id").asLong();
        byte[] stored = server.artifact(qat, ExperimentStore.QUANTIZATION_JSON);
        ObjectNode before = (ObjectNode) Json.MAPPER.readTree(stored);
        assertTrue(before.get("activations").size() > 0, "a W4A4 QAT stores its activation grids");
        before.putArray("activations"); // as results finished before the grids were stored
        setQuantizationJson(qat, Json.MAPPER.writeValueAsBytes(before));
        try {
            HttpResponse<String> r = submit(kim, exercise, qat);
            assertEquals(400, r.statusCode(), r.body());
            assertEquals("experiment", Browserless.json(r).get("field").asText());
            assertTrue(Browserless.json(r).get("error").asText().contains("stored no activation grids"), r.body());
            assertEquals(0, server.count("SELECT COUNT(*) FROM submissions WHERE exercise_id = " + exercise));
            assertEquals(0, server.count("SELECT COUNT(*) FROM target_results WHERE exercise_id = " + exercise));
        } finally {
            setQuantizationJson(qat, stored);
        }
    }

    private static void setQuantizationJson(long experiment, byte[] content) throws Exception {
        server.sql("UPDATE artifacts SET content = X'" + HexFormat.of().formatHex(content) + "' WHERE experiment_id = "
                + experiment + " AND kind = '" + ExperimentStore.QUANTIZATION_JSON + "'");
    }

    private static List<Double> accuracies(JsonNode board) throws Exception {
        List<Double> out = new ArrayList<>();
        for (JsonNode row : board.get("rows")) {
            out.add(Math.round(row.get("accuracy").asDouble() * 1e6) / 1e6);
        }
        return out;
    }

    private static List<String> accountsNamed(JsonNode board) {
        List<String> out = new ArrayList<>();
        board.get("rows").forEach(r -> out.add(r.get("name").asText()));
        return out;
    }

    private static JsonNode row(JsonNode board, boolean you) {
        for (JsonNode row : board.get("rows")) {
            if (row.get("you").asBoolean() == you) {
                return row;
            }
        }
        throw new AssertionError("no row with you=" + you + " in " + board);
    }
}
