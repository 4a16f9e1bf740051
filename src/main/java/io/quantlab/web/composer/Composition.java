package io.quantlab.web.composer;

import io.quantlab.InvalidInputException;
import io.quantlab.qat.LayerQuantizerNumbers;
import io.quantlab.qat.LayerQuantizerNumbers.Range;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parts of a composed quantizer the formulas need, read from the composer's form with the
 * API's names and values (the job itself is checked by {@code QatConfig}). Weight bits are the
 * selected layer's: its {@code layerBits} entry, else {@code weightBits}, else the quantizer's default.
 */
record Composition(String weightQuantizer, String activationQuantizer, int weightBits, Integer activationBits,
                   boolean perChannel, boolean symmetric, Range range, double clipRatio, double percentile,
                   boolean stochastic, boolean clippedGradient, boolean layerQuantized) {

    static final List<String> WEIGHT_QUANTIZERS = List.of("ste", "lsq", "binary");
    static final List<String> ACTIVATION_QUANTIZERS = List.of("ste", "lsq", "pact", "binary");
    /** Activation bits that mean the activations are not fake-quantized. */
    static final int FP32 = 32;

    /**
     * The composition for {@code layer} from the form's values.
     *
     * @throws InvalidInputException naming the field of a value the formulas cannot use
     */
    static Composition of(Map<String, String> values, String layer, Map<String, String> layerBits,
                          List<String> checkedLayers) {
        String weights = option(values, "weightQuantizer", WEIGHT_QUANTIZERS);
        String activations = option(values, "activationQuantizer", ACTIVATION_QUANTIZERS);
        boolean binary = weights.equals("binary");
        String ownBits = layerBits.getOrDefault(layer, "").trim();
        int bits = ownBits.isEmpty() ? bits(values, "weightBits", binary ? 1 : 8, 8)
                : whole("layerBits", ownBits, 1, 8);
        Integer activationBits = bits(values, "activationBits", binary ? FP32 : 8, FP32);
        String rangeName = option(values, "range", List.of("min-max", "clip-ratio", "percentile"));
        Range range = Range.valueOf(rangeName.toUpperCase(Locale.ROOT).replace('-', '_'));
        return new Composition(weights, activations, bits, activationBits == FP32 ? null : activationBits,
                option(values, "granularity", List.of("per-channel", "per-tensor")).equals("per-channel"),
                option(values, "weightScheme", List.of("symmetric", "asymmetric")).equals("symmetric"), range,
                range == Range.CLIP_RATIO ? number(values, "clipRatio") : 1.0,
                range == Range.PERCENTILE ? number(values, "percentile") : 100.0,
                option(values, "rounding", List.of("nearest", "stochastic")).equals("stochastic"),
                option(values, "gradient", List.of("identity", "clipped")).equals("clipped"),
                checkedLayers.contains(layer));
    }

    /** The uniform grid of the weights (not used by binary weights). */
    LayerQuantizerNumbers.Grid grid() {
        return new LayerQuantizerNumbers.Grid(weightBits, perChannel, symmetric, range, clipRatio, percentile);
    }

    boolean binaryWeights() {
        return weightQuantizer.equals("binary");
    }

    private static String option(Map<String, String> values, String field, List<String> options) {
        String value = values.getOrDefault(field, "").trim();
        if (!options.contains(value)) {
            throw new InvalidInputException(field, field + " must be one of " + String.join(", ", options) + ", got "
                    + InvalidInputException.quote(value));
        }
        return value;
    }

    /** Bits from 1 to {@code max}; empty means the quantizer's default. */
    private static int bits(Map<String, String> values, String field, int whenEmpty, int max) {
        String text = values.getOrDefault(field, "").trim();
        if (text.isEmpty()) {
            return whenEmpty;
        }
        int bits = whole(field, text, 1, max);
        if (max == FP32 && bits > 8 && bits != FP32) {
            throw new InvalidInputException(field, field + " must be between 1 and 8, or 32 for FP32, got " + bits);
        }
        return bits;
    }

    private static int whole(String field, String text, int min, int max) {
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException notWhole) {
            // named below
        }
        throw new InvalidInputException(field, field + " must be a whole number from " + min + " to " + max + ", got "
                + InvalidInputException.quote(text));
    }

    private static double number(Map<String, String> values, String field) {
        String text = values.getOrDefault(field, "").trim();
        try {
            double x = Double.parseDouble(text);
            if (Double.isFinite(x)) {
                return x;
            }
        } catch (NumberFormatException notANumber) {
            // named below
        }
        throw new InvalidInputException(field, field + " must be a number, got " + InvalidInputException.quote(text));
    }
}
