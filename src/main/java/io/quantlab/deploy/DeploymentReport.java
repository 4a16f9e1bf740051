package io.quantlab.deploy;

/**
 * An FP32 ONNX file and its quantized sibling measured side by side in ONNX Runtime, one session
 * at a time on the same threads: top-1 accuracy of each on the same images, latency of a batch of
 * 64 and of one image, file sizes, and whether the quantized file ran on integer kernels. What a
 * PTQ result reports as deployed numbers.
 */
public record DeploymentReport(double fp32Accuracy, double accuracy, DeployedModel.Latencies fp32Latency,
                               DeployedModel.Latencies latency, long fp32SizeBytes, long sizeBytes,
                               IntegerKernelCheck integerKernels) {

    /**
     * @param images float pixels in [0, 1], NCHW, one after another (see {@link InputNormalization#scaledTestImages});
     *               at least 64 of them, the first 64 are timed
     * @param labels one per image
     */
    public static DeploymentReport measure(byte[] fp32, byte[] quantized, float[] images, int[] labels) {
        Run reference = run(fp32, images, labels);
        Run deployed = run(quantized, images, labels);
        return new DeploymentReport(reference.accuracy, deployed.accuracy, reference.latencies, deployed.latencies,
                fp32.length, quantized.length, IntegerKernelCheck.of(quantized));
    }

    private record Run(double accuracy, DeployedModel.Latencies latencies) {}

    private static Run run(byte[] onnx, float[] images, int[] labels) {
        try (DeployedModel model = DeployedModel.load(onnx)) {
            return new Run(model.accuracy(images, labels), model.latencies(images));
        }
    }

    /** FP32 median latency over the quantized one, for a batch of 64. */
    public double speedupBatch64() {
        return fp32Latency.batch64().medianMs() / latency.batch64().medianMs();
    }

    /** The same for one image. */
    public double speedupSingle() {
        return fp32Latency.single().medianMs() / latency.single().medianMs();
    }

    /** Quantized file size over the FP32 file's. */
    public double sizeRatio() {
        return (double) sizeBytes / fp32SizeBytes;
    }
}
