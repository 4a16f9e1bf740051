package io.quantlab.web.ptq;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quantlab.experiment.ExperimentConfig;
import io.quantlab.ptq.PtqConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The PTQ page's line of settings names only what the mode uses. */
class PtqResultViewTest {

    @Test
    void staticSettingsNameTheActivationsAndTheirCalibration() {
        assertEquals("static · W8A8 · per-channel symmetric weights · activations percentile 99.9 · "
                + "10 calibration batches · BN folded · seed 0",
                settings(Map.of("activationRange", "percentile", "percentile", 99.9)));
    }

    @Test
    void dynamicAndWeightOnlySettingsCalibrateNoActivations() {
        assertEquals("dynamic · W8 · per-tensor symmetric weights · BN kept · seed 3",
                settings(Map.of("mode", "dynamic", "granularity", "per-tensor", "foldBatchNorm", false, "seed", 3)));
        assertEquals("weight-only · W4 · per-channel asymmetric weights · BN folded · seed 0",
                settings(Map.of("mode", "weight-only", "weightBits", 4, "weightScheme", "asymmetric")));
    }

    private static String settings(Map<String, ?> fields) {
        var config = new ExperimentConfig.Ptq(7, "synthetic", "mlp", PtqConfig.of(fields));
        return new PtqResultView(null, null, config, null, null, null, null, null).settings();
    }
}
