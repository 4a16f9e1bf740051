package io.quantlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quantlab.Json;
import io.quantlab.TestServer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lab 5's bit-width sweep through the JSON API, end to end on a real server: a student trains an
 * MLP on a small subset, then sweeps 8 and 2 weight bits with PTQ, plain QAT and a composed
 * quantizer (LSQ's learned step on the weights, PACT's learned clip on the activations) in one job.
 */
class SweepApiTest extends ServerTest {
    private static final String DATASET = TestServer.trainingDataset();
    private static final String SWEEP = "\"kind\":\"sweep\",\"bits\":[8,2],\"weightQuantizer\":\"lsq\","
            + "\"activationQuantizer\":\"pact\"";
    /** Phases of a sweep of two widths: FP32's 2, then per width PTQ's 5 and two fine-tunings of 1 + 4. */
    private static final int PHASES = 2 + 2 * (5 + 2 * (1 + 4));
    private static Browserless kim;
    private static String kimToken;
    private static String leeToken;
    private static long training;
    private static long sweep;
    private static JsonNode result;

    @BeforeAll
    static void trainThenSweepEightAndTwoBits() throws Exception {
        kim = new Browserless(server.url(""));
        kimToken = student(kim, "Kim", "kim@example.org");
        leeToken = student(new Browserless(server.url("")), "Lee", "lee@example.org");
        training = start(kimToken, "{\"kind\":\"train\",\"dataset\":\"" + DATASET + "\",\"model\":\"mlp\","
                + "\"epochs\":1,\"learningRate\":0.001,\"optimizer\":\"adam\",\"trainSubset\":2000}");
        await(kimToken, training, "done");
        long begin = System.nanoTime();
        sweep = start(kimToken, "{" + SWEEP + ",\"parent\":" + training + "}");
        result = await(kimToken, sweep, "done");
        System.out.printf("sweep W8/2A8 of an MLP on %s: %.1f s, %s%n", DATASET, (System.nanoTime() - begin) / 1e9,
                result.get("metrics"));
    }

    @Test
    void everyPointIsThereDeployedAtEightBitsAndSimulatedBelow() {
        assertEquals("sweep", result.get("kind").asText());
        assertEquals(training, result.get("parent").asLong());
        assertEquals("[8,2]", result.at("/config/bits").toString());
        assertTrue(result.at("/config/weightBits").isMissingNode(), result.get("config").toString());
        JsonNode m = result.get("metrics");
        double fp32 = m.get("fp32Accuracy").asDouble();
        assertTrue(fp32 > 60, "the parent learnt something: " + m);
        List<String> seen = new ArrayList<>();
        for (JsonNode p : m.get("points")) {
            seen.add(p.get("method").asText() + p.get("bits").asInt());
            double accuracy = p.get("accuracy").asDouble();
            assertTrue(accuracy > 10 && accuracy <= 100, p.toString());
            assertTrue(p.get("seconds").asDouble() > 0, p.toString());
            assertTrue(p.get("sizeBytes").asLong() < m.get("fp32SizeBytes").asLong(), p.toString());
            if (p.get("bits").asInt() == 8) {
                assertTrue(p.get("deployedAccuracy").isNumber() && p.get("latencyMsBatch64").asDouble() > 0, p.toString());
                assertEquals(accuracy, p.get("deployedAccuracy").asDouble(), 1.5, p.toString());
                assertTrue(accuracy > fp32 - 3, "8 bits lose little: " + p);
            } else {
                assertTrue(p.get("deployedAccuracy").isNull() && p.get("latencyMsBatch64").isNull(), p.toString());
            }
        }
        assertEquals(List.of("ptq8", "qat8", "custom8", "ptq2", "qat2", "custom2"), seen);
        JsonNode points = m.get("points");
        assertTrue(points.get(3).get("sizeBytes").asLong() < points.get(0).get("sizeBytes").asLong() / 2,
                "2-bit weights packed in far fewer bytes than the INT8 file: " + points);
        assertTrue(points.get(4).get("accuracy").asDouble() > points.get(3).get("accuracy").asDouble(),
                "at 2 bits a fine-tuning beats calibration alone: " + points);
    }

    @Test
    void theComposedQuantizersHistogramsAreKeptPerWidthAndLayer() throws Exception {
        JsonNode report = Json.MAPPER.readTree(server.artifact(sweep, "sweep-report"));
        JsonNode widths = report.get("widths");
        assertEquals(2, widths.size(), report.toString().substring(0, 200));
        assertEquals(List.of(8, 2), List.of(widths.get(0).get("bits").asInt(), widths.get(1).get("bits").asInt()));
        for (JsonNode width : widths) {
            assertTrue(width.get("layers").size() >= 2, "every Linear of the MLP");
            for (JsonNode layer : width.get("layers")) {
                long fp32 = sum(layer.at("/fp32/counts"));
                assertTrue(fp32 > 0, layer.get("layer").asText());
                assertEquals(fp32, sum(layer.at("/quantized/counts")), "every weight counted once");
            }
        }
        assertTrue(usedBins(widths.get(1).get("layers").get(0)) < usedBins(widths.get(0).get("layers").get(0)),
                "2-bit weights pile up on fewer levels than 8-bit ones");
    }

    @Test
    void theListPageAndBoardShowTheSweep() throws Exception {
        String list = kim.get("/experiments").body();
        assertTrue(list.contains("sweep W8/2A8, custom lsq/pact, of #" + training), list);
        HttpResponse<String> page = kim.get("/experiments/" + sweep);
        assertEquals(200, page.statusCode());
        for (String id : List.of("sweep-chart", "sweep-table", "point-ptq-8", "point-custom-2", "histogram-width",
                "sweep-data")) {
            assertTrue(page.body().contains("id=\"" + id + "\""), id);
        }
        String board = kim.get("/leaderboard").body();
        assertTrue(board.contains("data-method=\"custom lsq/pact\"") && board.contains("data-method=\"PTQ static per-channel\""),
                board);
        assertEquals(200, kim.get("/experiments/" + training + "/sweep").statusCode(), "the form");
    }

    @Test
    void badRequestsNameTheFieldAndStoreNothing() throws Exception {
        long rows = server.count("SELECT COUNT(*) FROM experiments");
        String ok = "\"kind\":\"sweep\",\"parent\":" + training;
        assertBad(kimToken, "{" + ok + ",\"bits\":[]}", 400, "bits", "at least one");
        assertBad(kimToken, "{" + ok + ",\"bits\":[8,9]}", 400, "bits", "between 2 and 8, got 9");
        assertBad(kimToken, "{" + ok + ",\"bits\":[1]}", 400, "bits", "between 2 and 8, got 1");
        assertBad(kimToken, "{" + ok + ",\"bits\":[4,4]}", 400, "bits", "twice");
        assertBad(kimToken, "{" + ok + ",\"bits\":[8,7,6,5,4,3]}", 400, "bits", "at most 5");
        assertBad(kimToken, "{" + ok + ",\"bits\":\"8,4\"}", 400, "bits", "a list");
        assertBad(kimToken, "{" + ok + ",\"weightBits\":4}", 400, "weightBits", "bits");
        assertBad(kimToken, "{" + ok + ",\"activationBits\":9}", 400, "activationBits", "between");
        assertBad(kimToken, "{" + ok + ",\"weightQuantizer\":\"binary\"}", 400, "weightQuantizer", "1 bit");
        assertBad(kimToken, "{" + ok + ",\"layers\":[\"conv9\"]}", 400, "layers", "no Conv2d or Linear layer");
        assertBad(kimToken, "{" + ok + ",\"epochs\":0}", 400, "epochs", "between 1");
        assertBad(kimToken, "{" + ok + ",\"weightQuantizer\":\"magic\"}", 400, "weightQuantizer", "must be one of");
        assertBad(kimToken, "{" + ok + ",\"mode\":\"static\"}", 400, "mode", "unknown field");
        assertBad(kimToken, "{\"kind\":\"sweep\"}", 400, "parent", "required");
        assertBad(leeToken, "{" + ok + "}", 404, "parent", "no experiment " + training + " that you can see");
        assertBad(kimToken, "{\"kind\":\"sweep\",\"parent\":" + sweep + "}", 400, "parent", "FP32 training");
        assertEquals(rows, server.count("SELECT COUNT(*) FROM experiments"), "nothing stored");
    }

    @Test
    void anIdenticalRequestIsAnsweredFromTheStoredResult() throws Exception {
        long again = start(kimToken, "{\"kind\":\"sweep\",\"parent\":" + training
                + ",\"bits\":[2,8],\"activationQuantizer\":\"pact\",\"weightQuantizer\":\"lsq\",\"seed\":0}");
        JsonNode copy = Browserless.json(kim.api("GET", "/api/experiments/" + again, kimToken, null));
        assertEquals("done", copy.get("status").asText(), "answered at once: " + copy);
        assertEquals(result.get("metrics"), copy.get("metrics"));
    }

    @Test
    void aRunningSweepIsCancelledInsideItsFineTuning() throws Exception {
        long id = start(kimToken, "{\"kind\":\"sweep\",\"parent\":" + training + ",\"bits\":[8,2],\"epochs\":4}");
        JsonNode running = awaitPhase(kimToken, id, "training");
        JsonNode progress = running.get("progress");
        assertEquals("W8 QAT: training (8/" + PHASES + ")", progress.get("phase").asText(), progress.toString());
        assertEquals(202, kim.api("DELETE", "/api/experiments/" + id, kimToken, null).statusCode());
        JsonNode cancelled = await(kimToken, id, "cancelled");
        assertTrue(cancelled.get("metrics").isNull(), cancelled.toString());
        JsonNode last = cancelled.get("progress");
        assertTrue(last.get("step").asLong() < last.get("steps").asLong(), "stopped part way: " + last);
        assertEquals(404, download(kimToken, id, "fp32.onnx").statusCode(), "nothing stored");
        assertNull(server.artifact(id, "sweep-report"));
        assertEquals(200, kim.get("/experiments/" + id).statusCode(), "the page of a sweep without a result");
    }

    private static long sum(JsonNode counts) {
        long total = 0;
        for (JsonNode c : counts) {
            total += c.asLong();
        }
        return total;
    }

    private static int usedBins(JsonNode layer) {
        int used = 0;
        for (JsonNode c : layer.at("/quantized/counts")) {
            used += c.asLong() > 0 ? 1 : 0;
        }
        return used;
    }
}
