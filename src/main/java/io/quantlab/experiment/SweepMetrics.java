package io.quantlab.experiment;

import io.quantlab.sweep.SweepPoint;
import java.util.Comparator;
import java.util.List;

/**
 * What a bit-width sweep measured: the FP32 parent (exported to ONNX and run in ONNX Runtime once)
 * and one point per method and weight width, widest first, PTQ, QAT, custom at each. Lists show the
 * student's composed quantizer at the narrowest width: the point the sweep is about.
 */
public record SweepMetrics(double fp32Accuracy, long fp32SizeBytes, List<SweepPoint> points)
        implements ExperimentMetrics {

    public SweepMetrics {
        points = List.copyOf(points);
    }

    /** The simulated accuracy of the composed quantizer at the narrowest width. */
    public double testAccuracy() {
        return narrowestCustom().accuracy();
    }

    public long sizeBytes() {
        return narrowestCustom().sizeBytes();
    }

    private SweepPoint narrowestCustom() {
        return points.stream().filter(p -> p.method().equals(SweepPoint.CUSTOM))
                .min(Comparator.comparingInt(SweepPoint::bits)).orElseThrow();
    }
}
