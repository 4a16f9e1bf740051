package io.quantlab.experiment;

import java.util.List;

/**
 * The four variants of the course's PTQ notebook on one parent, each a full PTQ result (its
 * {@code variant} names it), and the parent's FP32 row. {@code testAccuracy} and
 * {@code sizeBytes} are the default variant's (per-channel, BN folded), so the kind lists like
 * any other.
 */
public record PtqVariantsMetrics(double testAccuracy, long sizeBytes, Fp32Row fp32, List<PtqMetrics> variants)
        implements ExperimentMetrics {

    public PtqVariantsMetrics {
        variants = List.copyOf(variants);
    }

    /** The FP32 parent as exported to ONNX and run in ONNX Runtime in the same job. */
    public record Fp32Row(double testAccuracy, double latencyMsBatch64, double latencyMsSingle, long sizeBytes) {
    }
}
