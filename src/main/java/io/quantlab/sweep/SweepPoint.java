package io.quantlab.sweep;

import io.quantlab.ptq.PtqPipeline;

/**
 * One method at one weight width of a sweep; the names are the JSON API's.
 *
 * @param method           {@link #PTQ}, {@link #QAT} or {@link #CUSTOM} (the student's composed quantizer)
 * @param bits             the weights' width
 * @param accuracy         top-1 percent on the test set, simulated (fake quantization in DJL)
 * @param deployedAccuracy the INT8 ONNX file in ONNX Runtime; null when the point was not deployed (below 8 bits)
 * @param latencyMsBatch64 median per batch of 64 in ONNX Runtime; null when not deployed
 * @param sizeBytes        the INT8 ONNX file when deployed, else the model bit-packed at its widths
 * @param seconds          wall-clock seconds of the point: calibration or fine-tuning, conversion and evaluation
 */
public record SweepPoint(String method, int bits, double accuracy, Double deployedAccuracy, Double latencyMsBatch64,
                         long sizeBytes, double seconds) {

    public static final String PTQ = "ptq";
    public static final String QAT = "qat";
    public static final String CUSTOM = "custom";

    /** The point of a quantized model's evaluation by {@link PtqPipeline}, which took {@code seconds} in all. */
    public static SweepPoint of(String method, int bits, PtqPipeline.Result result, double seconds) {
        PtqPipeline.Deployed deployed = result.deployed();
        return new SweepPoint(method, bits, result.simulatedAccuracy(), deployed == null ? null : deployed.accuracy(),
                deployed == null ? null : deployed.latencies().batch64().medianMs(), result.sizeBytes(), seconds);
    }

    public boolean deployed() {
        return deployedAccuracy != null;
    }

    /** What the point is judged by: the deployed accuracy where it was deployed, else the simulated one. */
    public double comparedAccuracy() {
        return deployed() ? deployedAccuracy : accuracy;
    }
}
