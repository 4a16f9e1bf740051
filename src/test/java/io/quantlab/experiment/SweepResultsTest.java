package io.quantlab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.Json;
import io.quantlab.sweep.SweepConfig;
import io.quantlab.sweep.SweepPoint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A sweep's points become the leaderboard's rows, and its metrics and config read back from their JSON. */
class SweepResultsTest {
    private static final ExperimentConfig.Sweep SWEEP = new ExperimentConfig.Sweep(7, "fashion-mnist", "small-cnn",
            SweepConfig.of(Map.of("bits", List.of(8, 4), "gradient", "identity")));
    private static final SweepMetrics METRICS = new SweepMetrics(90.0, 400_000, List.of(
            new SweepPoint("ptq", 8, 89.9, 89.8, 2.0, 120_000, 3),
            new SweepPoint("qat", 8, 90.1, 90.0, 2.1, 120_000, 9),
            new SweepPoint("custom", 8, 90.2, 90.1, 2.2, 120_000, 9),
            new SweepPoint("ptq", 4, 85.0, null, null, 60_000, 3),
            new SweepPoint("qat", 4, 88.0, null, null, 60_000, 9),
            new SweepPoint("custom", 4, 88.5, null, null, 60_000, 9)));

    @Test
    void everyPointIsARowNamedAsTheBoardNamesItsMethod() {
        List<ExperimentResult> rows = SWEEP.results(METRICS);
        assertEquals(6, rows.size());
        assertEquals(List.of("PTQ static per-channel", "QAT", "custom ste", "PTQ static per-channel", "QAT", "custom ste"),
                rows.stream().map(ExperimentResult::method).toList());
        assertEquals(List.of("W8A8", "W8A8", "W8A8", "W4A8", "W4A8", "W4A8"),
                rows.stream().map(ExperimentResult::bits).toList());
        ExperimentResult deployed = rows.get(0);
        assertEquals(89.8, deployed.accuracy());
        assertFalse(deployed.simulated());
        assertEquals(ExperimentResult.ONNX_RUNTIME, deployed.runtime());
        ExperimentResult simulated = rows.get(5);
        assertEquals(88.5, simulated.accuracy());
        assertTrue(simulated.simulated());
        assertEquals(60_000, simulated.sizeBytes());
        assertEquals(90.0, simulated.fp32Accuracy());
        assertEquals(400_000L, simulated.fp32SizeBytes());
    }

    @Test
    void listsShowTheComposedQuantizerAtTheNarrowestWidth() {
        assertEquals(88.5, METRICS.testAccuracy());
        assertEquals(60_000, METRICS.sizeBytes());
        assertEquals("sweep W8/4A8, custom ste, of #7", SWEEP.summary());
    }

    @Test
    void configAndMetricsReadBackFromTheirJson() {
        assertEquals(SWEEP, ExperimentKind.SWEEP.readConfig(Json.write(SWEEP.json())));
        String json = Json.write(METRICS);
        assertFalse(json.contains("testAccuracy"), json);
        assertEquals(METRICS, ExperimentKind.SWEEP.readMetrics(json));
    }
}
