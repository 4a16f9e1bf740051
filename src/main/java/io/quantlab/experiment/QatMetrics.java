package io.quantlab.experiment;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * What a quantization-aware fine-tuning measured: the fields of a PTQ result, at the same level of
 * the JSON (the converted model evaluated, deployed and timed as {@link PtqMetrics} says; it has
 * no calibration, so {@code calibrationSeconds} is 0), plus its training.
 *
 * @param quantized    the converted model's measures, as a PTQ result's
 * @param trainSeconds wall-clock seconds of the fine-tuning's epochs
 * @param epochs       epochs trained
 */
public record QatMetrics(@JsonUnwrapped PtqMetrics quantized, double trainSeconds, int epochs)
        implements ExperimentMetrics {

    public double testAccuracy() {
        return quantized.testAccuracy();
    }

    public long sizeBytes() {
        return quantized.sizeBytes();
    }
}
