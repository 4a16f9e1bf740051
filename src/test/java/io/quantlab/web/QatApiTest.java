package io.quantlab.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quantlab.TestServer;
import io.quantlab.deploy.DeployedModel;
import java.net.http.HttpResponse;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Quantization-aware training through the JSON API, end to end on a real server: a student trains
 * a small CNN on a Fashion-MNIST subset, fine-tunes it one epoch with fake quantization at W8A8
 * (deployed to ONNX Runtime) and at W4A4 (simulated only).
 */
class QatApiTest extends ServerTest {
    private static final String DATASET = TestServer.trainingDataset();
    private static final int TRAIN_SUBSET = 2000;
    private static Browserless kim;
    private static String kimToken;
    private static String leeToken;
    private static long training;
    private static long w8a8;
    private static JsonNode w8a8Result;
    private static JsonNode w4a4Result;
    private static JsonNode lsqResult;
    private static JsonNode binaryResult;
    private static JsonNode mixedResult;

    @BeforeAll
    static void trainAndFineTuneAtEightAndFourBits() throws Exception {
        kim = new Browserless(server.url(""));
        kimToken = student(kim, "Kim", "kim@example.org");
        leeToken = student(new Browserless(server.url("")), "Lee", "lee@example.org");
        training = start(kimToken, "{\"kind\":\"train\",\"dataset\":\"" + DATASET + "\",\"model\":\"small-cnn\","
                + "\"epochs\":1,\"learningRate\":0.001,\"optimizer\":\"adam\",\"trainSubset\":" + TRAIN_SUBSET + "}");
        await(kimToken, training, "done");
        w8a8 = start(kimToken, "{\"kind\":\"qat\",\"parent\":" + training + "}");
        long w4a4 = start(kimToken, "{\"kind\":\"qat\",\"parent\":" + training
                + ",\"weightBits\":4,\"activationBits\":4,\"epochs\":1,\"optimizer\":\"sgd\",\"seed\":0}");
        // Lab 5: LSQ at W8A8 (deploys), binary weights, two layers at their own bits
        long lsq = start(kimToken, "{\"kind\":\"qat\",\"parent\":" + training
                + ",\"weightQuantizer\":\"lsq\",\"activationQuantizer\":\"lsq\"}");
        long binary = start(kimToken, "{\"kind\":\"qat\",\"parent\":" + training + ",\"weightQuantizer\":\"binary\"}");
        long mixed = start(kimToken, "{\"kind\":\"qat\",\"parent\":" + training
                + ",\"layers\":[\"conv2\",\"fc\"],\"weightBits\":4,\"layerBits\":{\"fc\":2}}");
        w8a8Result = await(kimToken, w8a8, "done");
        w4a4Result = await(kimToken, w4a4, "done");
        lsqResult = await(kimToken, lsq, "done");
        binaryResult = await(kimToken, binary, "done");
        mixedResult = await(kimToken, mixed, "done");
    }

    @Test
    void lsqAtEightBitsDeploysWithItsLearnedGrids() {
        JsonNode m = lsqResult.get("metrics");
        System.out.println("QAT LSQ W8A8 job of small-cnn: " + m);
        assertEquals("lsq", lsqResult.get("config").get("weightQuantizer").asText());
        assertTrue(m.get("deployedAccuracy").isNumber(), m.toString());
        assertEquals(m.get("testAccuracy").asDouble(), m.get("deployedAccuracy").asDouble(), 0.5, m.toString());
        assertTrue(m.get("deployedAccuracy").asDouble() > m.get("fp32Accuracy").asDouble() - 3, m.toString());
        assertTrue(m.get("integerKernels").asBoolean(), m.toString());
    }

    /**
     * small-cnn on 1×28×28 images: conv1 32×1×3×3 = 288 weights, conv2 64×32×3×3 = 18,432, conv3
     * 128×64×3×3 = 73,728, fc 10×2048 = 20,480, and 32 + 64 + 128 + 10 output channels.
     */
    @Test
    void binaryWeightsAreSimulatedAndPackedAtOneBitAndAnAlphaPerChannel() throws Exception {
        JsonNode m = binaryResult.get("metrics");
        System.out.println("QAT binary job of small-cnn: " + m);
        JsonNode config = binaryResult.get("config");
        assertEquals(1, config.get("weightBits").asInt());
        assertEquals(32, config.get("activationBits").asInt(), "binary weights: FP32 activations by default");
        assertTrue(m.get("deployedAccuracy").isNull(), m.toString());
        assertEquals((288 + 18_432 + 73_728 + 20_480) / 8 + 4 * (32 + 64 + 128 + 10), m.get("packedWeightBytes").asLong(),
                m.toString());
        assertTrue(m.get("sizeBytes").asLong() < m.get("fp32SizeBytes").asLong() / 16, "near 1/32 of FP32: " + m);
        assertTrue(m.get("testAccuracy").asDouble() > 20, m.toString());
        // its page offers no PTQ "at these settings": PTQ has no binary weights (it would answer 400)
        String page = kim.get("/experiments/" + binaryResult.get("id").asLong()).body();
        assertTrue(page.contains("id=\"no-ptq-counterpart\"") && !page.contains("id=\"ptq-start\""), page);
    }

    @Test
    void chosenLayersAtTheirOwnBitsArePackedSo() {
        JsonNode m = mixedResult.get("metrics");
        System.out.println("QAT conv2 W4, fc W2 job of small-cnn: " + m);
        assertEquals("[\"conv2\",\"fc\"]", mixedResult.get("config").get("layers").toString());
        assertEquals(2, mixedResult.get("config").get("layerBits").get("fc").asInt());
        assertTrue(m.get("deployedAccuracy").isNull(), "partial: simulated only; " + m);
        // conv2 18,432 weights at 4 bits and 64 scales, fc 20,480 at 2 bits and 10 scales
        assertEquals(18_432 / 2 + 4 * 64 + 20_480 / 4 + 4 * 10, m.get("packedWeightBytes").asLong(), m.toString());
        assertTrue(m.get("testAccuracy").asDouble() > 50, m.toString());
    }

    @Test
    void eightBitQatIsDeployedToOnnxRuntimeWithPtqsMetrics() throws Exception {
        JsonNode m = w8a8Result.get("metrics");
        System.out.println("QAT W8A8 job of small-cnn: " + m);
        assertEquals("qat", w8a8Result.get("kind").asText());
        assertEquals(training, w8a8Result.get("parent").asLong());
        JsonNode config = w8a8Result.get("config");
        assertEquals(8, config.get("weightBits").asInt());
        assertEquals("per-channel", config.get("granularity").asText());
        assertEquals("ste", config.get("weightQuantizer").asText());
        assertEquals(1, m.get("epochs").asInt());
        assertTrue(m.get("trainSeconds").asDouble() > 0 && m.get("quantizeSeconds").asDouble()
                > m.get("trainSeconds").asDouble(), m.toString());
        assertTrue(m.get("fp32Accuracy").asDouble() > 60, "the parent learnt something: " + m);
        assertTrue(m.get("deployedAccuracy").isNumber(), m.toString());
        assertEquals(m.get("testAccuracy").asDouble(), m.get("deployedAccuracy").asDouble(), 1.0, m.toString());
        // a further epoch of training: at 8 bits it loses nothing of the parent worth speaking of
        assertTrue(m.get("deployedAccuracy").asDouble() > m.get("fp32Accuracy").asDouble() - 3, m.toString());
        assertTrue(m.get("integerKernels").asBoolean(), m.toString());
        assertTrue(m.get("latencyMsBatch64").asDouble() > 0 && m.get("speedupBatch64").asDouble() > 0);
        assertTrue(m.get("sizeBytes").asLong() < m.get("fp32SizeBytes").asLong(), m.toString());
        assertTrue(m.get("packedWeightBytes").asLong() > 0, m.toString());

        HttpResponse<byte[]> model = download(kimToken, w8a8, "model.onnx");
        assertEquals(200, model.statusCode());
        assertEquals(m.get("sizeBytes").asLong(), model.body().length);
        try (DeployedModel loaded = DeployedModel.load(model.body())) {
            assertEquals(1, loaded.predict(new float[28 * 28], 1).length);
        }
        assertEquals(200, download(kimToken, w8a8, "fp32.onnx").statusCode());
        assertEquals(200, download(kimToken, w8a8, "quantization.json").statusCode());
        byte[] parent = server.artifact(training, "parameters");
        byte[] fineTuned = server.artifact(w8a8, "parameters");
        assertEquals(parent.length, fineTuned.length, "the same model's parameters, as a training stores them");
        assertFalse(Arrays.equals(parent, fineTuned), "trained further");
    }

    @Test
    void fourBitQatIsSimulatedOnlyWithItsPackedSize() throws Exception {
        JsonNode m = w4a4Result.get("metrics");
        System.out.println("QAT W4A4 job of small-cnn: " + m);
        assertTrue(m.get("deployedAccuracy").isNull() && m.get("integerKernels").isNull()
                && m.get("latencyMsBatch64").isNull(), m.toString());
        assertTrue(m.get("testAccuracy").asDouble() > 10, m.toString());
        assertTrue(m.get("sizeBytes").asLong() < m.get("fp32SizeBytes").asLong() / 4, m.toString());
        assertEquals(404, download(kimToken, w4a4Result.get("id").asLong(), "model.onnx").statusCode());
    }

    @Test
    void theStudentsListPageAndBoardShowTheQat() throws Exception {
        HttpResponse<String> list = kim.get("/experiments");
        assertTrue(list.body().contains("QAT W8A8 per-channel, 1 epoch of #" + training), list.body());
        JsonNode api = Browserless.json(kim.api("GET", "/api/experiments", kimToken, null));
        assertTrue(api.toString().contains("\"kind\":\"qat\""), api.toString());
        HttpResponse<String> page = kim.get("/experiments/" + w8a8);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("id=\"qat-row\""), page.body());
        String board = kim.get("/leaderboard").body();
        assertTrue(board.contains("data-method=\"QAT\""), board);
    }

    @Test
    void badRequestsNameTheFieldAndStoreNothing() throws Exception {
        long rows = server.count("SELECT COUNT(*) FROM experiments");
        String ok = "\"kind\":\"qat\",\"parent\":" + training;
        assertBad(kimToken, "{" + ok + ",\"weightBits\":9}", 400, "weightBits", "between 1 (binary) and 8");
        assertBad(kimToken, "{" + ok + ",\"activationBits\":1}", 400, "activationBits", "between 2 and 8");
        assertBad(kimToken, "{" + ok + ",\"weightQuantizer\":\"magic\"}", 400, "weightQuantizer", "ste");
        assertBad(kimToken, "{" + ok + ",\"epochs\":0}", 400, "epochs", "between 1");
        // Lab 5's compositions that do not go together
        assertBad(kimToken, "{" + ok + ",\"weightQuantizer\":\"pact\"}", 400, "weightQuantizer", "activations only");
        assertBad(kimToken, "{" + ok + ",\"weightQuantizer\":\"lsq\",\"weightBits\":1}", 400, "weightBits", "binary");
        assertBad(kimToken, "{" + ok + ",\"activationQuantizer\":\"pact\",\"activationBits\":1}", 400,
                "activationBits", "binary");
        assertBad(kimToken, "{" + ok + ",\"weightQuantizer\":\"binary\",\"activationBits\":8}", 400,
                "activationBits", "1 (binary activations) or 32");
        assertBad(kimToken, "{" + ok + ",\"layerBits\":{\"fc\":12}}", 400, "layerBits", "between 1 (binary) and 8");
        assertBad(kimToken, "{" + ok + ",\"layers\":[\"conv9\"]}", 400, "layers", "'conv9'");
        assertBad(kimToken, "{" + ok + ",\"layerBits\":{\"<b>x</b>\":4}}", 400, "layerBits", "no Conv2d or Linear");
        assertBad(kimToken, "{" + ok + ",\"layers\":\"conv1\"}", 400, "layers", "list of layer names");
        assertBad(kimToken, "{" + ok + ",\"mode\":\"static\"}", 400, "mode", "unknown field");
        assertBad(kimToken, "{\"kind\":\"qat\"}", 400, "parent", "required");
        assertBad(leeToken, "{" + ok + "}", 404, "parent", "no experiment " + training + " that you can see");
        assertBad(kimToken, "{\"kind\":\"qat\",\"parent\":" + w8a8 + "}", 400, "parent", "FP32 training");
        assertEquals(rows, server.count("SELECT COUNT(*) FROM experiments"), "nothing stored");
    }

    @Test
    void anIdenticalRequestIsAnsweredFromTheStoredResult() throws Exception {
        long again = start(kimToken, "{\"kind\":\"qat\",\"parent\":" + training + ",\"weightBits\":8,\"seed\":0}");
        JsonNode copy = Browserless.json(kim.api("GET", "/api/experiments/" + again, kimToken, null));
        assertEquals("done", copy.get("status").asText(), "answered at once: " + copy);
        assertEquals(w8a8Result.get("metrics"), copy.get("metrics"));
        assertArrayEquals(download(kimToken, w8a8, "model.onnx").body(), download(kimToken, again, "model.onnx").body());
    }

    @Test
    void aRunningQatIsCancelledDuringItsTraining() throws Exception {
        long id = start(kimToken, "{\"kind\":\"qat\",\"parent\":" + training + ",\"epochs\":5}");
        JsonNode running = awaitPhase(kimToken, id, "training");
        assertEquals("training", running.at("/progress/phase").asText(), running.toString());
        assertEquals(202, kim.api("DELETE", "/api/experiments/" + id, kimToken, null).statusCode());
        JsonNode cancelled = await(kimToken, id, "cancelled");
        assertTrue(cancelled.get("metrics").isNull(), cancelled.toString());
        JsonNode progress = cancelled.get("progress");
        assertTrue(progress.get("step").asLong() < progress.get("steps").asLong(), "stopped mid-training: " + progress);
        assertEquals(404, download(kimToken, id, "fp32.onnx").statusCode(), "nothing stored");
        assertEquals(200, kim.get("/experiments/" + id).statusCode(), "the page of a QAT without a result");
    }
}
