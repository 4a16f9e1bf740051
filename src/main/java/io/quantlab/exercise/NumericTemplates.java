package io.quantlab.exercise;

import io.quantlab.quant.ClipRange;
import io.quantlab.quant.Percentiles;
import io.quantlab.quant.QuantFormat;
import io.quantlab.quant.QuantParams;
import io.quantlab.quant.QuantScheme;
import io.quantlab.quant.Quantizer;
import io.quantlab.quant.TensorSize;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.StringJoiner;

/**
 * The numeric templates of the course (Lab 1's formulas, the lecture's data types). Numbers are
 * drawn, rounded to what the text shows, and only then fed to quant/: the answer is computed from
 * exactly the numbers the student reads.
 */
final class NumericTemplates {
    private NumericTemplates() {}

    /** Scale and zero-point of a tensor's range at b bits: affine on the unsigned grid, or restricted symmetric. */
    record ScaleAndZeroPoint() implements NumericTemplate {
        public String id() {
            return "scale-zero-point";
        }

        public String title() {
            return "Scale and zero-point of a range";
        }

        public NumericQuestion generate(SplittableRandom random) {
            int bits = random.nextBoolean() ? 8 : 4;
            if (random.nextBoolean()) {
                QuantFormat format = QuantFormat.of(bits, QuantScheme.SYMMETRIC_RESTRICTED);
                float min = -hundredths(random, 0.2, 3);
                float max = hundredths(random, 0.5, 6);
                QuantParams p = QuantParams.fromRange(new ClipRange(min, max), format);
                return new NumericQuestion(id(), "A weight tensor's values range from " + text(min) + " to "
                        + text(max) + ". It is quantized to " + bits + " bits, symmetric on the restricted grid "
                        + format.qmin() + " … " + format.qmax() + " (zero-point 0). What is the scale?",
                        List.of(new NumericQuestion.Answer("scale", "scale", p.scale(), false)));
            }
            QuantFormat format = QuantFormat.of(bits, QuantScheme.AFFINE);
            while (true) {
                float min = -hundredths(random, 0.2, 3);
                float max = hundredths(random, 0.5, 6);
                QuantParams p = QuantParams.fromRange(new ClipRange(min, max), format);
                double steps = -min / ((double) (max - min) / format.qmax());
                if (Math.abs(steps - Math.floor(steps) - 0.5) < 0.02) {
                    continue; // a zero-point on a tie would depend on the rounding rule, not on understanding
                }
                return new NumericQuestion(id(), "A tensor's values range from " + text(min) + " to " + text(max)
                        + ". It is quantized to " + bits + " bits, asymmetric (affine) on the unsigned grid 0 … "
                        + format.qmax() + ", with the zero-point chosen so that 0.0 is exact. What are the scale"
                        + " and the zero-point?", List.of(new NumericQuestion.Answer("scale", "scale", p.scale(), false),
                        new NumericQuestion.Answer("zeroPoint", "zero-point", p.zeroPoint(), true)));
            }
        }
    }

    /** The real value an integer stands for: x̂ = s·(q − z). */
    record Dequantize() implements NumericTemplate {
        public String id() {
            return "dequantize";
        }

        public String title() {
            return "Dequantize an integer";
        }

        public NumericQuestion generate(SplittableRandom random) {
            float scale = Math.round(random.nextDouble(0.001, 0.1) * 10_000) / 10_000f;
            int zeroPoint = random.nextInt(0, 256);
            int q;
            do {
                q = random.nextInt(0, 256);
            } while (q == zeroPoint);
            float value = Quantizer.dequantize(new int[] {q}, new QuantParams(scale, zeroPoint, 0, 255))[0];
            return new NumericQuestion(id(), "An 8-bit unsigned tensor has scale s = " + text(scale)
                    + " and zero-point z = " + zeroPoint + ". What real value does q = " + q + " stand for?",
                    List.of(new NumericQuestion.Answer("value", "value", value, false)));
        }
    }

    /** Levels and largest integer of the restricted symmetric grid ±(2^(b−1) − 1). */
    record RestrictedGrid() implements NumericTemplate {
        public String id() {
            return "restricted-grid";
        }

        public String title() {
            return "Levels of a restricted symmetric grid";
        }

        public NumericQuestion generate(SplittableRandom random) {
            int bits = random.nextInt(2, 9);
            QuantFormat format = QuantFormat.of(bits, QuantScheme.SYMMETRIC_RESTRICTED);
            return new NumericQuestion(id(), "A signed " + bits + "-bit grid is restricted to be symmetric around 0"
                    + " (the extra negative level is not used). How many levels does it have, and what is its"
                    + " largest integer?", List.of(new NumericQuestion.Answer("levels", "levels", format.levels(), true),
                    new NumericQuestion.Answer("qmax", "largest integer", format.qmax(), true)));
        }
    }

    /** The lecture's rule: a full-scale sine's SQNR is about 6.02·b + 1.76 dB. */
    record SineSqnr() implements NumericTemplate {
        public String id() {
            return "sine-sqnr";
        }

        public String title() {
            return "SQNR of a full-scale sine at b bits";
        }

        public NumericQuestion generate(SplittableRandom random) {
            int bits = random.nextInt(2, 17);
            return new NumericQuestion(id(), "A sine that spans the whole range is quantized uniformly with "
                    + bits + " bits. About what signal-to-quantization-noise ratio does it reach, in dB?",
                    List.of(new NumericQuestion.Answer("sqnrDb", "SQNR (dB)", 6.02 * bits + 1.76, false)));
        }
    }

    /**
     * The share of new values clipped by a range calibrated on others at a percentile of |x|
     * (numpy's linear interpolation): what a calibration set's percentile does to later inputs.
     */
    record ClippedShare() implements NumericTemplate {
        private static final int VALUES = 10;

        public String id() {
            return "clipped-share";
        }

        public String title() {
            return "Share clipped by a calibrated percentile range";
        }

        public NumericQuestion generate(SplittableRandom random) {
            double p = List.of(70.0, 80.0, 90.0).get(random.nextInt(3));
            float[] calibration = signedHundredths(random, VALUES);
            double limit = Percentiles.absPercentile(calibration, p);
            float[] later;
            do {
                later = signedHundredths(random, VALUES);
            } while (anyNear(later, limit)); // a value on the limit would hang on float rounding
            int clipped = 0;
            for (float v : later) {
                clipped += Math.abs(v) > limit ? 1 : 0;
            }
            return new NumericQuestion(id(), "A symmetric quantizer's range is calibrated at the " + text(p)
                    + "th percentile of |x| (linear interpolation between the sorted values, as numpy) on these "
                    + VALUES + " values: " + list(calibration) + ". Then these values arrive: " + list(later)
                    + ". What percentage of them is clipped?",
                    List.of(new NumericQuestion.Answer("clippedPercent", "clipped (%)", 100.0 * clipped / VALUES, false)));
        }

        private static float[] signedHundredths(SplittableRandom random, int n) {
            float[] values = new float[n];
            for (int i = 0; i < n; i++) {
                values[i] = (random.nextBoolean() ? 1 : -1) * hundredths(random, 0.01, 3);
            }
            return values;
        }

        private static boolean anyNear(float[] values, double limit) {
            for (float v : values) {
                if (Math.abs(Math.abs(v) - limit) < 0.005) {
                    return true;
                }
            }
            return false;
        }

        private static String list(float[] values) {
            StringJoiner shown = new StringJoiner(", ");
            for (float v : values) {
                shown.add(text(v));
            }
            return shown.toString();
        }
    }

    /** Bytes of a model's weights packed at b bits with a float32 scale per output channel. */
    record ModelSize() implements NumericTemplate {
        public String id() {
            return "model-size";
        }

        public String title() {
            return "Size of a model at b bits";
        }

        public NumericQuestion generate(SplittableRandom random) {
            int bits = List.of(2, 4, 8).get(random.nextInt(3));
            long weights = 1000L * random.nextInt(10, 501);
            int channels = random.nextInt(32, 513);
            long bytes = TensorSize.of(weights, QuantFormat.of(bits, QuantScheme.SYMMETRIC), channels).totalBytes();
            return new NumericQuestion(id(), "A model has " + weights + " weights in " + channels
                    + " output channels. They are quantized to " + bits + " bits, symmetric per channel, packed"
                    + " tightly, with one float32 scale per channel and no zero-points stored. How many bytes do the"
                    + " quantized weights take?", List.of(new NumericQuestion.Answer("bytes", "bytes", bytes, true)));
        }
    }

    /** A draw in [from, to) rounded to two decimals, as the text shows it. */
    private static float hundredths(SplittableRandom random, double from, double to) {
        return Math.round(random.nextDouble(from, to) * 100) / 100f;
    }

    private static String text(double value) {
        String s = String.format(Locale.ROOT, "%.6g", value);
        return s.contains("e") || !s.contains(".") ? s : s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
