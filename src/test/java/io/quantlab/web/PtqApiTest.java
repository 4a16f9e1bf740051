package io.quantlab.web;

import static io.quantlab.web.Browserless.form;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quantlab.Json;
import io.quantlab.TestServer;
import io.quantlab.data.Datasets;
import io.quantlab.deploy.DeployPlan;
import io.quantlab.deploy.DeployedModel;
import io.quantlab.experiment.ExperimentStore;
import io.quantlab.experiment.PtqReport;
import io.quantlab.model.ModelSpec;
import io.quantlab.ptq.LayerError;
import io.quantlab.ptq.LayerSensitivity;
import io.quantlab.ptq.McuEstimate;
import io.quantlab.ptq.PtqAnalysis;
import io.quantlab.ptq.WeightHistogram;
import io.quantlab.train.TrainConfig;
import io.quantlab.train.Trainer;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Post-training quantization through the JSON API, end to end on a real server: a small CNN the
 * instructor trains on a Fashion-MNIST subset and marks as the course's baseline, quantized by
 * two students; real calibration, simulation in DJL and INT8 in ONNX Runtime.
 */
class PtqApiTest extends ServerTest {
    private static final String DATASET = TestServer.trainingDataset();
    private static final int TRAIN_SUBSET = 3000;
    private static Browserless teacher;
    private static String teacherToken;
    private static Browserless kim;
    private static String kimToken;
    private static String leeToken;
    private static long baseline;
    private static long kimsPtq;
    private static JsonNode kimsResult;

    @BeforeAll
    static void trainTheBaselineAndQuantizeItOnce() throws Exception {
        teacher = new Browserless(server.url(""));
        teacher.signIn(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        teacherToken = teacher.apiToken(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        HttpResponse<String> r = teacher.api("POST", "/api/experiments", teacherToken, "{\"kind\":\"train\","
                + "\"dataset\":\"" + DATASET + "\",\"model\":\"small-cnn\",\"epochs\":1,\"learningRate\":0.001,"
                + "\"optimizer\":\"adam\",\"trainSubset\":" + TRAIN_SUBSET + "}");
        baseline = Browserless.json(r).get("id").asLong();
        teacher.awaitStatus(teacherToken, baseline, "done", Duration.ofMinutes(3));
        String csrf = teacher.csrfFrom("/experiments/" + baseline);
        Matcher course = Pattern.compile("<option value=\"(\\d+)\"[^>]*>baseline of")
                .matcher(teacher.get("/experiments/" + baseline).body());
        assertTrue(course.find());
        assertEquals(303, teacher.postForm("/experiments/" + baseline + "/baseline",
                form("_csrf", csrf, "courseId", course.group(1))).statusCode());

        kim = new Browserless(server.url(""));
        kimToken = student(kim, "Kim", "kim@example.org");
        leeToken = student(new Browserless(server.url("")), "Lee", "lee@example.org");
        kimsPtq = start(kimToken, "{\"kind\":\"ptq\",\"parent\":" + baseline + "}");
        kimsResult = await(kimToken, kimsPtq, "done");
    }

    @Test
    void staticW8A8ReportsEveryMetricAndRunsOnIntegerKernels() {
        JsonNode m = kimsResult.get("metrics");
        System.out.println("PTQ job of small-cnn: quantizeSeconds " + m.get("quantizeSeconds").asDouble()
                + ", metrics " + m);
        assertEquals("ptq", kimsResult.get("kind").asText());
        assertEquals(baseline, kimsResult.get("parent").asLong());
        JsonNode config = kimsResult.get("config");
        assertEquals("static", config.get("mode").asText());
        assertEquals("per-channel", config.get("granularity").asText());
        assertEquals("minmax", config.get("activationRange").asText());
        assertEquals(10, config.get("calibrationBatches").asInt());
        double fp32 = m.get("fp32Accuracy").asDouble();
        assertTrue(fp32 > 60, "the parent learnt something: " + fp32);
        assertEquals(fp32, m.get("deployedAccuracy").asDouble(), 1.0);
        assertEquals(fp32, m.get("testAccuracy").asDouble(), 1.0);
        assertTrue(m.get("top1Agreement").asDouble() >= 99, m.toString());
        assertTrue(m.get("integerKernels").asBoolean(), m.toString());
        for (String latency : List.of("latencyMsBatch64", "latencyMsSingle", "fp32LatencyMsBatch64",
                "fp32LatencyMsSingle", "speedupBatch64")) {
            assertTrue(m.get(latency).asDouble() > 0, latency + " in " + m);
        }
        assertEquals(m.get("fp32LatencyMsBatch64").asDouble() / m.get("latencyMsBatch64").asDouble(),
                m.get("speedupBatch64").asDouble(), 1e-9);
        assertTrue(m.get("latencyMsBatch64").asDouble() > m.get("latencyMsSingle").asDouble());
        assertTrue(m.get("sizeBytes").asLong() <= 0.3 * m.get("fp32SizeBytes").asLong(), m.toString());
        assertTrue(m.get("packedWeightBytes").asLong() > 0
                && m.get("packedWeightBytes").asLong() < m.get("sizeBytes").asLong(), m.toString());
        assertTrue(m.get("quantizeSeconds").asDouble() > 0 && m.get("threads").asInt() >= 1);
        assertTrue(m.get("variant").isNull());
    }

    @Test
    void theStoredReportHasTheAnalysisOfEveryWeightedLayer() throws Exception {
        PtqReport report = Json.read(new String(server.artifact(kimsPtq, ExperimentStore.PTQ_REPORT),
                StandardCharsets.UTF_8), PtqReport.class);
        PtqAnalysis a = report.analysis();
        assertNotNull(a, "the job stored its analysis in the ptq-report");
        System.out.println("PTQ analysis of small-cnn took " + a.seconds() + " s of the job's "
                + kimsResult.at("/metrics/quantizeSeconds").asDouble() + " s");
        assertEquals(weightedLayers(), a.layerErrors().stream().map(LayerError::layer).toList());
        assertEquals(weightedLayers(), a.weightHistograms().stream().map(WeightHistogram::layer).toList());
        assertEquals(Set.copyOf(weightedLayers()), a.sensitivity().layers().stream()
                .map(LayerSensitivity.Layer::layer).collect(Collectors.toSet()));
        a.layerErrors().forEach(e -> assertTrue(e.weightMse() > 0 && e.levelsUsed() > 1 && e.outputSqnrDb() > 10,
                e.toString()));
        assertTrue(a.sensitivity().images() > 0 && a.seconds() > 0);
        McuEstimate mcu = a.mcu();
        assertTrue(mcu.macs() > 0 && mcu.flashBytes() > 0 && mcu.peakRamBytes() > 0 && mcu.peakRamStep() != null,
                mcu.toString());
        mcu.chips().forEach(chip -> assertTrue(chip.latencyMs() > 0 && chip.cyclesPerMac() > 0, chip.toString()));
    }

    @Test
    void theQuantizedFilesDownloadAndLoadInOnnxRuntime() throws Exception {
        HttpResponse<byte[]> model = download(kimToken, kimsPtq, "model.onnx");
        assertEquals(200, model.statusCode());
        assertEquals("application/octet-stream", model.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("attachment; filename=\"experiment-" + kimsPtq + "-model.onnx\"",
                model.headers().firstValue("Content-Disposition").orElseThrow());
        assertEquals(kimsResult.at("/metrics/sizeBytes").asLong(), model.body().length);
        try (DeployedModel loaded = DeployedModel.load(model.body())) {
            assertEquals(28 * 28, loaded.imageSize());
        }
        HttpResponse<byte[]> fp32 = download(kimToken, kimsPtq, "fp32.onnx");
        assertEquals(kimsResult.at("/metrics/fp32SizeBytes").asLong(), fp32.body().length);
        DeployedModel.load(fp32.body()).close();

        HttpResponse<byte[]> table = download(kimToken, kimsPtq, "quantization.json");
        assertTrue(table.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        JsonNode json = io.quantlab.Json.MAPPER.readTree(table.body());
        List<String> layers = new ArrayList<>();
        json.get("layers").forEach(layer -> {
            layers.add(layer.get("layer").asText());
            assertEquals(8, layer.get("bits").asInt());
            assertEquals(layer.get("scales").size(), layer.get("zeroPoints").size());
            assertEquals(layer.get("scales").size(), layer.get("observedMax").size());
        });
        assertEquals(weightedLayers(), layers, "every weighted layer, in order");
        assertFalse(json.get("activations").isEmpty());
        json.get("activations").forEach(a -> {
            assertTrue(a.get("scale").asDouble() > 0);
            assertEquals(0, a.get("qmin").asInt());
            assertEquals(255, a.get("qmax").asInt());
            assertTrue(a.get("rangeMin").asDouble() <= a.get("rangeMax").asDouble());
        });
    }

    @Test
    void filesAreNotFoundForOthersAndForWhatAJobDidNotWrite() throws Exception {
        HttpResponse<byte[]> hidden = download(leeToken, kimsPtq, "model.onnx");
        assertEquals(404, hidden.statusCode());
        assertTrue(new String(hidden.body()).contains("no model.onnx"), new String(hidden.body()));
        assertEquals(404, download(kimToken, baseline, "model.onnx").statusCode(), "a training has no INT8 file");
        assertEquals(404, download(kimToken, 999_999, "fp32.onnx").statusCode());
    }

    @Test
    void theStudentsPagesListAndOpenTheQuantization() throws Exception {
        assertEquals(200, kim.get("/experiments/" + kimsPtq).statusCode());
        HttpResponse<String> list = kim.get("/experiments");
        assertEquals(200, list.statusCode());
        assertTrue(list.body().contains("PTQ static W8A8 per-channel of #" + baseline), list.body());
    }

    @Test
    void badRequestsNameTheFieldAndStoreNothing() throws Exception {
        long kimsTraining = start(kimToken, "{\"kind\":\"train\",\"dataset\":\"" + DATASET
                + "\",\"model\":\"small-cnn\",\"epochs\":20}");
        long rows = server.count("SELECT COUNT(*) FROM experiments");
        String ok = "\"kind\":\"ptq\",\"parent\":" + baseline;
        assertBad(kimToken, "{" + ok + ",\"weightBits\":0}", 400, "weightBits", "between 2 and 8");
        assertBad(kimToken, "{" + ok + ",\"activationBits\":9}", 400, "activationBits", "between 2 and 8");
        assertBad(kimToken, "{" + ok + ",\"calibrationBatches\":0}", 400, "calibrationBatches", "between 1 and 100");
        assertBad(kimToken, "{" + ok + ",\"activationRange\":\"median\"}", 400, "activationRange", "minmax");
        assertBad(kimToken, "{" + ok + ",\"mode\":\"turbo\"}", 400, "mode", "weight-only");
        assertBad(kimToken, "{" + ok + ",\"bits\":8}", 400, "bits", "unknown field");
        assertBad(kimToken, "{\"kind\":\"ptq-variants\",\"parent\":" + baseline + ",\"weightBits\":4}", 400,
                "weightBits", "unknown field");
        assertBad(kimToken, "{\"kind\":\"ptq-variants\",\"parent\":" + baseline + ",\"calibrationBatches\":101}", 400,
                "calibrationBatches", "between 1 and 100");
        assertBad(kimToken, "{\"kind\":\"turbo\",\"parent\":" + baseline + "}", 400, "kind", "ptq-variants");
        assertBad(kimToken, "{\"kind\":\"ptq\"}", 400, "parent", "required");
        assertBad(kimToken, "{\"kind\":\"ptq\",\"parent\":\"seven\"}", 400, "parent", "id of a finished training");
        assertBad(kimToken, "{\"kind\":\"ptq\",\"parent\":999999}", 404, "parent", "no experiment 999999");
        assertBad(leeToken, "{\"kind\":\"ptq\",\"parent\":" + kimsTraining + "}", 404, "parent",
                "no experiment " + kimsTraining + " that you can see");
        assertBad(kimToken, "{\"kind\":\"ptq\",\"parent\":" + kimsPtq + "}", 400, "parent", "FP32 training");
        assertBad(kimToken, "{\"kind\":\"ptq\",\"parent\":" + kimsTraining + "}", 400, "parent", "finished");
        assertBad(kimToken, "{\"kind\":\"ptq-variants\",\"parent\":" + kimsTraining + "}", 400, "parent", "finished");
        assertEquals(rows, server.count("SELECT COUNT(*) FROM experiments"), "nothing stored");
        new Browserless(server.url("")).api("DELETE", "/api/experiments/" + kimsTraining, kimToken, null);
        await(kimToken, kimsTraining, "cancelled");
    }

    @Test
    void anIdenticalRequestIsAnsweredAtOnceFromTheStoredResultAndAnotherSeedIsANewJob() throws Exception {
        long audited = server.count("SELECT COUNT(*) FROM audit_log WHERE action = 'experiment-reused'");
        long lees = start(leeToken, "{\"kind\":\"ptq\",\"parent\":" + baseline + ",\"seed\":0,\"mode\":\"static\"}");
        JsonNode copy = Browserless.json(new Browserless(server.url("")).api("GET", "/api/experiments/" + lees,
                leeToken, null));
        assertEquals("done", copy.get("status").asText(), "answered at once: " + copy);
        assertEquals(kimsResult.get("metrics"), copy.get("metrics"));
        assertEquals(baseline, copy.get("parent").asLong());
        assertArrayEquals(download(kimToken, kimsPtq, "model.onnx").body(), download(leeToken, lees, "model.onnx").body());
        assertEquals(audited + 1, server.count("SELECT COUNT(*) FROM audit_log WHERE action = 'experiment-reused'"));

        long reseeded = start(leeToken, "{\"kind\":\"ptq\",\"parent\":" + baseline + ",\"seed\":1}");
        Browserless client = new Browserless(server.url(""));
        JsonNode job = Browserless.json(client.api("GET", "/api/experiments/" + reseeded, leeToken, null));
        assertTrue(job.get("status").asText().matches("queued|running"), "another calibration subset: " + job);
        assertEquals(audited + 1, server.count("SELECT COUNT(*) FROM audit_log WHERE action = 'experiment-reused'"));
        client.api("DELETE", "/api/experiments/" + reseeded, leeToken, null);
        await(leeToken, reseeded, "cancelled");
    }

    @Test
    void fourBitActivationsAreSimulatedOnlyWithTheirPackedSize() throws Exception {
        long id = start(kimToken, "{\"kind\":\"ptq\",\"parent\":" + baseline + ",\"activationBits\":4}");
        JsonNode m = await(kimToken, id, "done").get("metrics");
        assertTrue(m.get("deployedAccuracy").isNull() && m.get("top1Agreement").isNull()
                && m.get("integerKernels").isNull() && m.get("latencyMsBatch64").isNull(), m.toString());
        assertTrue(m.get("fp32LatencyMsBatch64").asDouble() > 0);
        assertTrue(m.get("testAccuracy").asDouble() > 10, m.toString());
        // the packed model: 8-bit weights with their scales, an int32 bias per output channel (BN folded in)
        long biases = 0;
        for (DeployPlan.Step step : DeployPlan.of(spec(), true).weightedSteps()) {
            biases += step.op() instanceof io.quantlab.model.Node.Conv2d conv ? conv.outChannels()
                    : ((io.quantlab.model.Node.Linear) step.op()).outFeatures();
        }
        assertEquals(m.get("packedWeightBytes").asLong() + 4 * biases, m.get("sizeBytes").asLong());
        assertEquals(404, download(kimToken, id, "model.onnx").statusCode());
        assertEquals(200, download(kimToken, id, "fp32.onnx").statusCode());
    }

    @Test
    void theVariantsJobQuantizesFourWaysBesideOneFp32Row() throws Exception {
        long id = start(kimToken, "{\"kind\":\"ptq-variants\",\"parent\":" + baseline + ",\"calibrationBatches\":4}");
        JsonNode done = await(kimToken, id, "done");
        JsonNode m = done.get("metrics");
        System.out.println("PTQ variants job of small-cnn: " + m);
        assertEquals("ptq-variants", done.get("kind").asText());
        assertEquals(4, done.at("/config/calibrationBatches").asInt());
        List<String> variants = new ArrayList<>();
        double fp32 = m.at("/fp32/testAccuracy").asDouble();
        for (JsonNode v : m.get("variants")) {
            variants.add(v.get("variant").asText());
            assertEquals(fp32, v.get("fp32Accuracy").asDouble(), 1e-9, "one FP32 measurement for all");
            assertEquals(fp32, v.get("deployedAccuracy").asDouble(), 1.5, v.toString());
            assertTrue(v.get("top1Agreement").asDouble() >= 98, v.toString());
        }
        assertEquals(List.of("per-tensor, BN folded", "per-tensor, BN not folded", "per-channel, BN folded",
                "per-channel, BN not folded"), variants);
        assertEquals(m.at("/variants/2/testAccuracy").asDouble(), m.get("testAccuracy").asDouble());
        assertTrue(m.at("/fp32/latencyMsBatch64").asDouble() > 0 && m.at("/fp32/sizeBytes").asLong() > 0);
    }

    @Test
    void aQueuedQuantizationIsCancelledAtOnceAndOneWhoseTwinFinishedFirstTakesItsResult() throws Exception {
        long busy = start(teacherToken, "{\"kind\":\"train\",\"dataset\":\"" + DATASET
                + "\",\"model\":\"small-cnn\",\"epochs\":20}");
        await(teacherToken, busy, "running");
        long cancelled = start(kimToken, "{\"kind\":\"ptq\",\"parent\":" + baseline + ",\"seed\":7}");
        long kims = start(kimToken, "{\"kind\":\"ptq\",\"parent\":" + baseline + ",\"seed\":5}");
        long lees = start(leeToken, "{\"kind\":\"ptq\",\"parent\":" + baseline + ",\"seed\":5}");
        Browserless client = new Browserless(server.url(""));
        JsonNode waiting = Browserless.json(client.api("GET", "/api/experiments/" + cancelled, kimToken, null));
        assertEquals("queued", waiting.get("status").asText());
        assertEquals(1, waiting.get("queuePosition").asInt());
        assertEquals("queued", Browserless.json(client.api("GET", "/api/experiments/" + lees, leeToken, null))
                .get("status").asText(), "nothing identical was done yet");
        HttpResponse<String> cancel = client.api("DELETE", "/api/experiments/" + cancelled, kimToken, null);
        assertEquals(202, cancel.statusCode());
        assertEquals("cancelled", Browserless.json(cancel).get("status").asText());
        client.api("DELETE", "/api/experiments/" + busy, teacherToken, null);
        await(teacherToken, busy, "cancelled");

        JsonNode first = await(kimToken, kims, "done");
        JsonNode second = await(leeToken, lees, "done");
        assertEquals(first.get("metrics"), second.get("metrics"), "measured once: the same latencies to the last digit");
        assertArrayEquals(download(kimToken, kims, "model.onnx").body(), download(leeToken, lees, "model.onnx").body());
    }

    @Test
    void aRunningQuantizationIsCancelledAtItsNextPhase() throws Exception {
        long id = start(kimToken, "{\"kind\":\"ptq\",\"parent\":" + baseline + ",\"seed\":9}");
        await(kimToken, id, "running");
        HttpResponse<String> cancel = new Browserless(server.url("")).api("DELETE", "/api/experiments/" + id,
                kimToken, null);
        assertEquals(202, cancel.statusCode());
        JsonNode cancelled = await(kimToken, id, "cancelled");
        assertTrue(cancelled.get("metrics").isNull() && cancelled.get("error").isNull(), cancelled.toString());
        assertEquals(404, download(kimToken, id, "fp32.onnx").statusCode(), "nothing stored");
    }

    private static ModelSpec spec() {
        TrainConfig config = new TrainConfig(DATASET, "small-cnn", 1, 64, 0.001, "adam", 0.9, 0, TRAIN_SUBSET, 0);
        return Trainer.modelSpec(config, new Datasets().get(DATASET));
    }

    private static List<String> weightedLayers() {
        return DeployPlan.of(spec(), true).weightedSteps().stream().map(DeployPlan.Step::name).toList();
    }
}
