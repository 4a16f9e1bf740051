package io.quantlab.experiment;

/**
 * One result of a finished experiment as the leaderboard compares it: a training's FP32 model, a
 * quantization, or one variant of a variants job. Each kind says what its results are
 * ({@link ExperimentConfig#results}), so the board serves a new kind without a change of its own.
 *
 * @param method           what made the model: "FP32", "PTQ static per-channel", "PTQ dynamic", …
 * @param bits             "32", "W8A8", "W4A8", "W8"
 * @param variant          which variant of a variants job this is; null otherwise
 * @param accuracy         top-1 percent on the test set that ranks this result: the deployed model's
 *                         where it was deployed, else the simulated one ({@code simulated})
 * @param fp32Accuracy     the FP32 parent's accuracy, measured in the same job; null for an FP32 result
 * @param latencyMsBatch64 median per batch of 64, in {@code runtime}; null where the result only simulates
 * @param runtime          where the latency was measured: {@link #PYTORCH} after a training, {@link #ONNX_RUNTIME}
 *                         for a deployed quantization (so a reader does not compare the two as one)
 * @param speedupBatch64   against the FP32 parent in the same runtime and job; null for FP32 or simulated
 * @param fp32SizeBytes    the FP32 parent's size as the same job measured it; null for an FP32 result
 */
public record ExperimentResult(String method, String bits, String variant, double accuracy, boolean simulated,
                               Double fp32Accuracy, Double latencyMsBatch64, String runtime, Double speedupBatch64,
                               long sizeBytes, Long fp32SizeBytes) {

    /** The method of every FP32 training. */
    public static final String FP32 = "FP32";
    public static final String PYTORCH = "PyTorch";
    public static final String ONNX_RUNTIME = "ONNX Runtime";

    /** Accuracy minus the FP32 parent's, in points; null for an FP32 result. */
    public Double accuracyDelta() {
        return fp32Accuracy == null ? null : accuracy - fp32Accuracy;
    }

    /** The FP32 parent's size over this one; null for an FP32 result. */
    public Double compression() {
        return fp32SizeBytes == null ? null : (double) fp32SizeBytes / sizeBytes;
    }

    /** A quantization's result: deployed accuracy and latency where it ran in ONNX Runtime, else simulated. */
    static ExperimentResult of(String method, String bits, PtqMetrics m) {
        return new ExperimentResult(method, bits, m.variant(), m.deployed() ? m.deployedAccuracy() : m.testAccuracy(),
                !m.deployed(), m.fp32Accuracy(), m.latencyMsBatch64(), m.deployed() ? ONNX_RUNTIME : null,
                m.speedupBatch64(), m.sizeBytes(),
                m.fp32SizeBytes());
    }
}
