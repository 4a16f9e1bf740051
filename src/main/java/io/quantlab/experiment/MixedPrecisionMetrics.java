package io.quantlab.experiment;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.quantlab.mixed.GreedyBitSearch;
import java.util.List;
import java.util.Map;

/**
 * What a mixed-precision fine-tuning measured: the fields of a QAT result, at the same level of the
 * JSON (the fine-tuned model at the chosen widths, simulated, and deployed to ONNX Runtime only
 * when every layer ended at 8 bits), plus the search.
 *
 * @param fineTuned                the fine-tuned model's measures, as a QAT result's
 * @param layerBits                the chosen weight width of every quantized layer, in graph order
 * @param bits                     the widths used, widest first, and the activations': "W8/4/2A8"
 * @param sizeBudgetBytes          the budget asked for
 * @param packedModelBytes         the packed model at the chosen widths (weights at their bits, scales,
 *                                 int32 biases, float parameters): what the budget bounds
 * @param widestSizeBytes          the packed model with every layer at the widest candidate
 * @param smallestSizeBytes        the packed model with every layer at the narrowest candidate
 * @param fp32ParameterBytes       the FP32 model's parameters in float32
 * @param accuracyBeforeFineTuning simulated top-1 percent on the test set of the PTQ model at the chosen widths
 * @param steps                    the search's lowerings in order; empty when the widest widths fit the budget
 * @param sensitivity              every layer with, for each candidate width, its packed bytes, accuracy drop and
 *                                 changed predictions in percent with that layer alone quantized
 * @param sensitivityImages        test images the sensitivity was measured on
 * @param searchSeconds            calibrating, measuring and searching
 */
public record MixedPrecisionMetrics(@JsonUnwrapped QatMetrics fineTuned, Map<String, Integer> layerBits, String bits,
                                    long sizeBudgetBytes, long packedModelBytes, long widestSizeBytes,
                                    long smallestSizeBytes, long fp32ParameterBytes, double accuracyBeforeFineTuning,
                                    List<GreedyBitSearch.Step> steps, List<GreedyBitSearch.Layer> sensitivity,
                                    int sensitivityImages, double searchSeconds) implements ExperimentMetrics {

    public double testAccuracy() {
        return fineTuned.testAccuracy();
    }

    public long sizeBytes() {
        return fineTuned.sizeBytes();
    }

    /** "W8/4/2A8": the distinct widths of {@code layerBits}, widest first, and the activations' bits. */
    static String bitsLabel(Map<String, Integer> layerBits, int activationBits) {
        return "W" + layerBits.values().stream().distinct().sorted(java.util.Comparator.reverseOrder())
                .map(String::valueOf).collect(java.util.stream.Collectors.joining("/")) + "A" + activationBits;
    }
}
