package io.quantlab.experiment;

/**
 * What a post-training quantization measured; the names are the JSON API's. Accuracies are top-1
 * percent on the visible test images, latencies wall-clock milliseconds in ONNX Runtime on
 * {@code threads} threads (median and 90th percentile after warm-up), the quantized model and its
 * FP32 parent exported to ONNX and run in the same job.
 *
 * @param testAccuracy        simulated: fake quantization in DJL
 * @param deployedAccuracy    the INT8 ONNX file in ONNX Runtime; null where the setting only simulates
 *                            (activations below 8 bits)
 * @param fp32Accuracy        the parent, exported to ONNX, in ONNX Runtime
 * @param top1Agreement       percent of test images where simulated and deployed agree on the top-1
 *                            class; null when not deployed
 * @param sizeBytes           the INT8 ONNX file; when not deployed, the bit-packed size of the model
 * @param packedWeightBytes   the quantized weights packed at their bit width, scales and zero-points included
 * @param integerKernels      true when every quantized operator ran on an integer kernel; null when not deployed
 * @param variant             which of the four notebook variants this is (per-tensor / per-channel ×
 *                            BN folded / not), null for a single PTQ
 */
public record PtqMetrics(double testAccuracy, Double deployedAccuracy, double fp32Accuracy, Double top1Agreement,
                         Double latencyMsBatch64, Double latencyMsSingle, Double latencyP90MsBatch64,
                         Double latencyP90MsSingle, double fp32LatencyMsBatch64, double fp32LatencyMsSingle,
                         double fp32LatencyP90MsBatch64, double fp32LatencyP90MsSingle, Double speedupBatch64,
                         Double speedupSingle, int threads, long sizeBytes, long fp32SizeBytes, long packedWeightBytes,
                         Boolean integerKernels, double calibrationSeconds, double quantizeSeconds, String variant)
        implements ExperimentMetrics {

    /** True when the quantized model ran in ONNX Runtime, not only in simulation. */
    public boolean deployed() {
        return deployedAccuracy != null;
    }

    /** Simulated accuracy minus the FP32 parent's, in points. */
    public double accuracyDelta() {
        return testAccuracy - fp32Accuracy;
    }

    /** FP32 file size over this size. */
    public double compression() {
        return (double) fp32SizeBytes / sizeBytes;
    }
}
