package io.quantlab.sweep;

import io.quantlab.ptq.WeightHistogram;
import java.util.List;

/**
 * What the sweep's page draws beyond its points: at each width, every quantized layer's weights
 * before and after the student's composed quantizer rounds them (the fine-tuned latent FP32 weights,
 * BatchNorm folded, against the same weights on the trained grid).
 */
public record SweepReport(List<Width> widths) {

    public SweepReport {
        widths = List.copyOf(widths);
    }

    /** The composed quantizer's histograms at one weight width, layer by layer in graph order. */
    public record Width(int bits, List<WeightHistogram> layers) {
        public Width {
            layers = List.copyOf(layers);
        }
    }
}
