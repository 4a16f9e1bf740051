package io.quantlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mixed precision through the JSON API on a real server: a student trains a small CNN (its convolutions
 * with batch norm) on the synthetic data set, whose 500 test images keep the job's evaluations short,
 * asks for per-layer widths under a budget between the smallest and the all-8-bit size (the search
 * lowers some layers, then QAT fine-tunes), and under a budget the all-8-bit model already meets
 * (nothing lowered, deployed to ONNX Runtime).
 */
class MixedPrecisionApiTest extends ServerTest {
    private static final String DATASET = "synthetic";
    private static String kimToken;
    private static String leeToken;
    private static long training;
    private static long smallest;
    private static JsonNode mixed;
    private static JsonNode roomy;
    private static Browserless kim;

    @BeforeAll
    static void trainThenSearchUnderTwoBudgets() throws Exception {
        kim = new Browserless(server.url(""));
        kimToken = student(kim, "Kim", "kim@example.org");
        leeToken = student(new Browserless(server.url("")), "Lee", "lee@example.org");
        training = start(kimToken, "{\"kind\":\"train\",\"dataset\":\"" + DATASET + "\",\"model\":\"small-cnn\","
                + "\"epochs\":1,\"learningRate\":0.001,\"optimizer\":\"adam\",\"trainSubset\":2000}");
        await(kimToken, training, "done");
        smallest = smallestSizeFromTheRefusal();
        long roomyId = start(kimToken, "{\"kind\":\"mixed-precision\",\"parent\":" + training
                + ",\"sizeBudgetBytes\":100000000}");
        roomy = await(kimToken, roomyId, "done");
        long widest = roomy.at("/metrics/widestSizeBytes").asLong();
        long budget = (smallest + widest) / 2;
        long mixedId = start(kimToken, "{\"kind\":\"mixed-precision\",\"parent\":" + training + ",\"sizeBudgetBytes\":"
                + budget + ",\"candidateBits\":[2,8,4],\"epochs\":1,\"seed\":0}");
        mixed = await(kimToken, mixedId, "done");
    }

    /** A budget of 1 byte is refused with the smallest size reachable, every layer at 2 bits. */
    private static long smallestSizeFromTheRefusal() throws Exception {
        var r = kim.api("POST", "/api/experiments", kimToken, "{\"kind\":\"mixed-precision\",\"parent\":" + training
                + ",\"sizeBudgetBytes\":1}");
        assertEquals(400, r.statusCode(), r.body());
        JsonNode error = Browserless.json(r);
        assertEquals("sizeBudgetBytes", error.get("field").asText());
        Matcher m = Pattern.compile("smallest this model packs to is (\\d+) bytes, every layer at 2 bits")
                .matcher(error.get("error").asText());
        assertTrue(m.find(), r.body());
        return Long.parseLong(m.group(1));
    }

    @Test
    void aBudgetBetweenTheSmallestAndTheWidestSizeLowersSomeLayersAndIsMet() {
        JsonNode m = mixed.get("metrics");
        System.out.println("mixed-precision job of small-cnn: " + m);
        assertEquals("mixed-precision", mixed.get("kind").asText());
        assertEquals("[8,4,2]", mixed.at("/config/candidateBits").toString(), "widest first");
        long budget = m.get("sizeBudgetBytes").asLong();
        assertTrue(m.get("packedModelBytes").asLong() <= budget, m.toString());
        assertTrue(m.get("packedModelBytes").asLong() >= smallest, m.toString());
        assertEquals(smallest, m.get("smallestSizeBytes").asLong());
        assertTrue(m.get("widestSizeBytes").asLong() > budget && m.get("fp32ParameterBytes").asLong()
                > m.get("widestSizeBytes").asLong() * 3, m.toString());

        JsonNode sensitivity = m.get("sensitivity");
        List<String> layers = new ArrayList<>();
        sensitivity.forEach(layer -> layers.add(layer.get("name").asText()));
        assertTrue(layers.size() >= 3, "every weighted layer of small-cnn: " + layers);
        Set<Integer> used = new HashSet<>();
        for (String layer : layers) {
            assertTrue(m.at("/layerBits/" + layer).isInt(), "bits of " + layer + ": " + m.get("layerBits"));
            used.add(m.at("/layerBits/" + layer).asInt());
        }
        assertEquals(layers.size(), m.get("layerBits").size());
        sensitivity.forEach(layer -> {
            assertEquals(3, layer.get("options").size(), layer.toString());
            JsonNode at8 = layer.at("/options/0");
            JsonNode at2 = layer.at("/options/2");
            assertEquals(8, at8.get("bits").asInt());
            assertTrue(at2.get("bytes").asLong() < layer.at("/options/1/bytes").asLong()
                    && layer.at("/options/1/bytes").asLong() < at8.get("bytes").asLong(), layer.toString());
            assertTrue(at2.get("changedPredictions").asDouble() >= 0, layer.toString());
        });
        assertFalse(used.contains(8) && used.size() == 1, "the budget lowered something: " + m.get("layerBits"));

        JsonNode steps = m.get("steps");
        assertTrue(steps.size() >= 1, m.toString());
        JsonNode last = steps.get(steps.size() - 1);
        assertEquals(m.get("packedModelBytes").asLong(), last.get("sizeBytes").asLong());
        assertTrue(steps.size() < 2 || steps.get(steps.size() - 2).get("sizeBytes").asLong() > budget,
                "the search stops as soon as the budget is met");
        steps.forEach(step -> assertTrue(step.get("toBits").asInt() < step.get("fromBits").asInt()));

        assertTrue(m.get("deployedAccuracy").isNull(), "below 8 bits the result is simulated: " + m);
        assertEquals(m.get("packedModelBytes").asLong(), m.get("sizeBytes").asLong(), "its size is the packed model's");
        assertTrue(m.get("fp32Accuracy").asDouble() > 30, "the parent learnt something: " + m);
        assertTrue(m.get("accuracyBeforeFineTuning").asDouble() > 10 && m.get("testAccuracy").asDouble() > 10,
                m.toString());
        assertEquals(1, m.get("epochs").asInt());
        String bits = m.get("bits").asText();
        assertTrue(bits.matches("W[248](/[24])*A8") && !bits.equals("W8A8"), bits);
    }

    @Test
    void aBudgetTheEightBitModelMeetsKeepsEveryLayerAtEightBitsAndDeploys() {
        JsonNode m = roomy.get("metrics");
        assertTrue(m.get("steps").isEmpty(), m.toString());
        m.get("layerBits").forEach(bits -> assertEquals(8, bits.asInt(), m.toString()));
        assertEquals("W8A8", m.get("bits").asText());
        assertEquals(m.get("widestSizeBytes").asLong(), m.get("packedModelBytes").asLong());
        assertTrue(m.get("deployedAccuracy").isNumber() && m.get("integerKernels").asBoolean(), m.toString());
        assertEquals(m.get("testAccuracy").asDouble(), m.get("deployedAccuracy").asDouble(), 1.0, m.toString());
    }

    @Test
    void theListAndTheBoardShowTheMixedPrecisionResult() throws Exception {
        String list = kim.get("/experiments").body();
        assertTrue(list.contains("mixed precision W8/4/2A8 in " + mixed.at("/metrics/sizeBudgetBytes").asLong()
                + " bytes, 1 epoch of #" + training), list);
        String board = kim.get("/leaderboard").body();
        assertTrue(board.contains("data-method=\"mixed precision\""), "the best of Kim's two: " + board);
    }

    @Test
    void anIdenticalRequestIsAnsweredFromTheStoredResult() throws Exception {
        long again = start(kimToken, "{\"kind\":\"mixed-precision\",\"parent\":" + training
                + ",\"sizeBudgetBytes\":100000000,\"candidateBits\":[4,2,8],\"seed\":0}");
        JsonNode copy = Browserless.json(kim.api("GET", "/api/experiments/" + again, kimToken, null));
        assertEquals("done", copy.get("status").asText(), "answered at once: " + copy);
        assertEquals(roomy.get("metrics"), copy.get("metrics"));
    }

    @Test
    void aMixedPrecisionJobIsCancelled() throws Exception {
        long id = start(kimToken, "{\"kind\":\"mixed-precision\",\"parent\":" + training
                + ",\"sizeBudgetBytes\":100000000,\"epochs\":5}");
        assertEquals(202, kim.api("DELETE", "/api/experiments/" + id, kimToken, null).statusCode());
        JsonNode cancelled = await(kimToken, id, "cancelled");
        assertTrue(cancelled.get("metrics").isNull(), cancelled.toString());
        assertEquals(200, kim.get("/experiments/" + id).statusCode(), "the page of a mixed precision without a result");
    }

    @Test
    void badRequestsNameTheFieldAndStoreNothing() throws Exception {
        long rows = server.count("SELECT COUNT(*) FROM experiments");
        String ok = "\"kind\":\"mixed-precision\",\"parent\":" + training;
        assertBad(kimToken, "{" + ok + "}", 400, "sizeBudgetBytes", "required");
        assertBad(kimToken, "{" + ok + ",\"sizeBudgetBytes\":0}", 400, "sizeBudgetBytes", "between 1");
        assertBad(kimToken, "{" + ok + ",\"sizeBudgetBytes\":12.5}", 400, "sizeBudgetBytes", "whole number");
        assertBad(kimToken, "{" + ok + ",\"sizeBudgetBytes\":\"60k\"}", 400, "sizeBudgetBytes", "whole number");
        assertBad(kimToken, "{" + ok + ",\"sizeBudgetBytes\":" + (smallest - 1) + "}", 400, "sizeBudgetBytes",
                "smallest this model packs to is " + smallest + " bytes");
        assertBad(kimToken, "{" + ok + ",\"sizeBudgetBytes\":" + smallest + ",\"candidateBits\":[8,4]}", 400,
                "sizeBudgetBytes", "every layer at 4 bits");
        assertBad(kimToken, "{" + ok + ",\"sizeBudgetBytes\":60000,\"candidateBits\":[8,1]}", 400, "candidateBits",
                "between 2 and 8");
        assertBad(kimToken, "{" + ok + ",\"sizeBudgetBytes\":60000,\"candidateBits\":[8,8]}", 400, "candidateBits",
                "distinct");
        assertBad(kimToken, "{" + ok + ",\"sizeBudgetBytes\":60000,\"candidateBits\":[]}", 400, "candidateBits",
                "list of 1 to");
        assertBad(kimToken, "{" + ok + ",\"sizeBudgetBytes\":60000,\"candidateBits\":8}", 400, "candidateBits",
                "list");
        assertBad(kimToken, "{" + ok + ",\"sizeBudgetBytes\":60000,\"weightBits\":4}", 400, "weightBits",
                "chosen by the search");
        assertBad(kimToken, "{" + ok + ",\"sizeBudgetBytes\":60000,\"epochs\":0}", 400, "epochs", "between 1");
        assertBad(kimToken, "{" + ok + ",\"sizeBudgetBytes\":60000,\"mode\":\"static\"}", 400, "mode",
                "unknown field");
        assertBad(kimToken, "{\"kind\":\"mixed-precision\",\"sizeBudgetBytes\":60000}", 400, "parent", "required");
        assertBad(leeToken, "{" + ok + ",\"sizeBudgetBytes\":60000}", 404, "parent",
                "no experiment " + training + " that you can see");
        assertBad(kimToken, "{\"kind\":\"mixed-precision\",\"parent\":" + mixed.get("id").asLong()
                + ",\"sizeBudgetBytes\":60000}", 400, "parent", "FP32 training");
        assertEquals(rows, server.count("SELECT COUNT(*) FROM experiments"), "nothing stored");
    }
}
