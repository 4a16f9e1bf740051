package io.quantlab.imported;

/** An imported network's FP32 evaluation; latency as on the experiment page (median after warm-up). */
public record ImportedMetrics(double testAccuracy, double latencyMsBatch64, double latencyMsSingle, long sizeBytes,
        long parameters) {
}
