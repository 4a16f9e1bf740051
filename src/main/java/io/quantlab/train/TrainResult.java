package io.quantlab.train;

/**
 * The outcome of a run. {@code sizeBytes} is {@code parameterBytes.length}: the FP32 parameters
 * (and BatchNorm running statistics) as DJL's {@code Block.saveParameters} writes them, which
 * {@code Block.loadParameters} reads back into a block built from the same spec.
 * {@code parameters} counts trainable values only. The latencies are {@code report}'s medians.
 */
public record TrainResult(double testAccuracy, double latencyMsBatch64, double latencyMsSingle, long sizeBytes,
                          long parameters, double trainSeconds, byte[] parameterBytes, TrainReport report) {}
