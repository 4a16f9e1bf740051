package io.quantlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lab 5's composer on a real server: a student's small CNN, its layers and each part's formula
 * filled in from its weights; a bad composition refused at its field with nothing stored; a good
 * one started as a qat job whose page shows the quantizer; another student's training a 404; and
 * hostile text sent to the composer shown as text.
 */
class ComposerPagesTest extends ServerTest {
    private static final String DATASET = TestServer.trainingDataset();
    private static final Pattern SCALE = Pattern.compile("= ([0-9.e−-]+), z = 0");
    private static Browserless kim;
    private static String kimToken;
    private static Browserless lee;
    private static long training;

    @BeforeAll
    static void aFinishedSmallCnn() throws Exception {
        kim = new Browserless(server.url(""));
        kimToken = student(kim, "Kim", "kim-composer@example.org");
        lee = new Browserless(server.url(""));
        student(lee, "Lee", "lee-composer@example.org");
        assertTrue(lee.get("/labs/custom").body().contains("id=\"custom-needs-training\""),
                "with no training, Lab 5 says how to get one");
        training = start(kimToken, "{\"kind\":\"train\",\"dataset\":\"" + DATASET + "\",\"model\":\"small-cnn\","
                + "\"epochs\":1,\"trainSubset\":1000}");
        await(kimToken, training, "done");
    }

    @Test
    void theLabOpensTheComposerOnTheLatestTrainingWithItsLayersAndFormulas() throws Exception {
        HttpResponse<String> lab = kim.get("/labs/custom");
        assertEquals(302, lab.statusCode());
        assertEquals("/experiments/" + training + "/quantizer", lab.headers().firstValue("Location").orElse(""));
        String page = kim.get("/experiments/" + training + "/quantizer").body();
        for (String layer : new String[] {"conv1", "conv2", "conv3", "fc"}) {
            assertTrue(page.contains("name=\"layers\" value=\"" + layer + "\" checked"), layer + " offered, checked");
            assertTrue(page.contains("name=\"layerBits." + layer + "\""), layer + " has its own bits");
        }
        assertTrue(page.contains("Conv2d conv1, weights 32×1×3×3 = 288 (N), 32 output channels, quantized at 8 bits"),
                "the first layer's formulas by default");
        assertTrue(page.contains("clamp(round(w/"), page);
        assertTrue(page.contains(", −128, 127)"), "8-bit signed grid");
    }

    @Test
    void theFormulasFollowBitsRangeAndLayerFromTheLayersOwnWeights() throws Exception {
        String base = "/experiments/" + training + "/quantizer/formulas?weightQuantizer=ste&activationQuantizer=ste"
                + "&granularity=per-tensor&weightScheme=symmetric&rounding=nearest&gradient=clipped"
                + "&percentile=99.99&layers=conv1&layers=conv2&layers=conv3&layers=fc&layer=conv2";
        String eight = kim.get(base + "&weightBits=8&range=min-max").body();
        String four = kim.get(base + "&weightBits=4&range=min-max").body();
        assertTrue(eight.contains("data-layer=\"conv2\"") && eight.contains("64×32×3×3 = 18,432 (N)"), eight);
        assertTrue(four.contains(", −8, 7)") && four.contains("2^4 = 16"), four);
        // per tensor the same max|w| is spread over 7.5 steps instead of 127.5: the scale grows 17×
        double s8 = scale(eight);
        double s4 = scale(four);
        assertEquals(127.5 / 7.5, s4 / s8, 0.01 * 17, s8 + " vs " + s4);
        String clipped = kim.get(base + "&weightBits=4&range=clip-ratio&clipRatio=0.5").body();
        assertEquals(s4 / 2, scale(clipped), s4 * 0.01, "half the range, half the scale");
        assertTrue(clipped.matches("(?s).*of the layer's weights fall outside the grid.*"), clipped);
        String lsq = kim.get(base.replace("weightQuantizer=ste", "weightQuantizer=lsq") + "&weightBits=4&range=min-max")
                .body();
        assertTrue(lsq.contains("id=\"part-lsq\"") && lsq.contains("1/√(18,432·7) = 0.002784"), lsq);
        String pact = kim.get(base.replace("activationQuantizer=ste", "activationQuantizer=pact")
                + "&weightBits=4&activationBits=4&range=min-max").body();
        assertTrue(pact.matches("(?s).*relu2's output on the training report's 256 test images spans \\[0, [0-9.]+\\]: "
                + "α near [0-9.]+, a step α/15 = [0-9.e−]+<.*"), pact);
        String binary = kim.get(base.replace("weightQuantizer=ste", "weightQuantizer=binary") + "&weightBits=&range=min-max")
                .body();
        assertTrue(binary.contains("id=\"part-binary\"") && binary.contains("over the 64 channels"), binary);
        assertTrue(binary.contains("FP32: the activations are not fake-quantized"), "binary weights keep FP32 activations");
    }

    @Test
    void aBadCompositionIsRefusedAtItsFieldWithTheValuesKeptAndNothingStored() throws Exception {
        long rows = server.count("SELECT COUNT(*) FROM experiments");
        String csrf = kim.csrfFrom("/experiments/" + training + "/quantizer");
        HttpResponse<String> r = kim.postEncoded("/experiments/" + training + "/quantizer", "_csrf=" + csrf
                + "&weightQuantizer=lsq&weightBits=1&activationQuantizer=ste&activationBits=8&granularity=per-tensor"
                + "&range=percentile&percentile=99.5&layers=conv2&layers=fc&layerBits.fc=4");
        assertEquals(400, r.statusCode());
        String page = r.body();
        assertTrue(page.contains("id=\"error-weightBits\""), page);
        assertTrue(page.contains("<option value=\"lsq\" selected>"), "the quantizer kept");
        assertTrue(page.contains("<option value=\"percentile\" selected>"), "the range kept");
        assertTrue(page.contains("value=\"99.5\""), "the percentile kept");
        assertTrue(page.contains("name=\"layers\" value=\"conv2\" checked") && !page.contains("value=\"conv1\" checked"),
                "the layers kept");
        // the message at the field, and the same in the live formulas
        assertTrue(page.contains("id=\"formulas-error\" data-field=\"weightBits\""), page);

        HttpResponse<String> none = kim.postEncoded("/experiments/" + training + "/quantizer", "_csrf=" + csrf
                + "&weightQuantizer=ste&activationQuantizer=ste");
        assertEquals(400, none.statusCode());
        assertTrue(none.body().contains("id=\"error-layers\""), "no layer checked is refused, not read as all");
        assertEquals(rows, server.count("SELECT COUNT(*) FROM experiments"), "nothing stored");
    }

    @Test
    void aGoodCompositionStartsAQatJobWhosePageShowsTheQuantizer() throws Exception {
        String csrf = kim.csrfFrom("/experiments/" + training + "/quantizer");
        HttpResponse<String> r = kim.postEncoded("/experiments/" + training + "/quantizer", "_csrf=" + csrf
                + "&weightQuantizer=lsq&weightBits=4&activationQuantizer=pact&activationBits=4&granularity=per-channel"
                + "&weightScheme=symmetric&range=clip-ratio&clipRatio=0.9&percentile=99.99&rounding=stochastic"
                + "&gradient=identity&layers=conv2&layers=conv3&layers=fc&layerBits.fc=8&epochs=1&learningRate=0.001"
                + "&optimizer=sgd&freezeObserversAfter=1&freezeBatchNormAfter=1&seed=3");
        assertEquals(303, r.statusCode(), r.body());
        String location = r.headers().firstValue("Location").orElseThrow();
        assertTrue(location.matches("/experiments/\\d+"), location);
        String job = kim.get(location).body();
        assertTrue(job.contains("id=\"quantizer-weightQuantizer\">lsq<"), job);
        assertTrue(job.contains("id=\"quantizer-activationQuantizer\">pact<"), job);
        assertTrue(job.contains("id=\"quantizer-layers\">[conv2, conv3, fc]<"), job);
        assertTrue(job.contains("id=\"quantizer-layerBits\">{fc=8}<"), job);
        assertTrue(job.contains("id=\"quantizer-rounding\">stochastic<"), job);
        kim.api("DELETE", "/api/experiments" + location.substring("/experiments".length()), kimToken, null);
    }

    @Test
    void anotherStudentsTrainingIsNotFound() throws Exception {
        assertEquals(404, lee.get("/experiments/" + training + "/quantizer").statusCode());
        assertEquals(404, lee.get("/experiments/" + training + "/quantizer/formulas?layer=fc").statusCode());
        String csrf = lee.csrfFrom("/labs");
        assertEquals(404, lee.postEncoded("/experiments/" + training + "/quantizer", "_csrf=" + csrf
                + "&weightBits=8").statusCode());
    }

    @Test
    void hostileTextSentToTheComposerIsShownAsText() throws Exception {
        String hostile = "<script>alert(1)</script>";
        String h = URLEncoder.encode(hostile, StandardCharsets.UTF_8);
        String fragment = kim.get("/experiments/" + training + "/quantizer/formulas?weightQuantizer=ste"
                + "&layers=conv1&layers=" + h + "&layer=" + h).body();
        assertFalse(fragment.contains(hostile), fragment);
        assertTrue(fragment.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the unknown layer named, as text");
        String csrf = kim.csrfFrom("/experiments/" + training + "/quantizer");
        HttpResponse<String> r = kim.postEncoded("/experiments/" + training + "/quantizer", "_csrf=" + csrf
                + "&weightQuantizer=" + h + "&layers=conv1&layerBits." + h + "=4&layer=" + h);
        assertEquals(400, r.statusCode());
        assertFalse(r.body().contains(hostile), r.body());
        assertTrue(r.body().contains("id=\"error-weightQuantizer\""), r.body());
    }

    private static double scale(String fragment) {
        Matcher m = SCALE.matcher(fragment);
        assertTrue(m.find(), fragment);
        return Double.parseDouble(m.group(1).replace('−', '-'));
    }
}
