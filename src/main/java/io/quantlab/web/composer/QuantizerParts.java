package io.quantlab.web.composer;

import static io.quantlab.discretize.NumberText.of;
import static io.quantlab.discretize.NumberText.operand;
import static io.quantlab.discretize.NumberText.percent;
import static io.quantlab.discretize.NumberText.whole;

import io.quantlab.deploy.StepWeights;
import io.quantlab.experiment.TrainedLayers;
import io.quantlab.qat.LayerQuantizerNumbers;
import io.quantlab.qat.LayerQuantizerNumbers.Numbers;
import io.quantlab.qat.QatConfig;
import io.quantlab.qat.QatConfig.Quantizer;
import io.quantlab.qat.StraightThrough;
import io.quantlab.ptq.PtqConfig;
import io.quantlab.quant.ClipRange;
import io.quantlab.quant.QuantFormat;
import io.quantlab.quant.QuantParams;
import io.quantlab.quant.QuantScheme;
import io.quantlab.quant.Rounding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Each part of a composed quantizer as a formula filled in with one layer's weights. */
public final class QuantizerParts {
    private QuantizerParts() {
    }

    /** One part: its id on the page, its name and its lines. */
    public record Part(String id, String name, List<String> lines) {
    }

    /** {@code output}: the range of the layer's output on the training report's test images, or null. */
    static List<Part> explain(TrainedLayers.Layer layer, QatConfig c, ClipRange output) {
        StepWeights w = layer.weights();
        List<Part> parts = new ArrayList<>();
        String shape = Arrays.stream(w.dims()).mapToObj(Long::toString).collect(Collectors.joining("×"));
        parts.add(new Part("part-layer", "layer", List.of(layer.kind() + " " + layer.name() + ", weights " + shape
                + " = " + whole(w.weight().length) + " (N), " + w.outputChannels() + " output channels"
                + (c.quantizes(layer.name()) ? ", quantized at " + c.weightBits(layer.name()) + " bits"
                        : "; not among the layers to quantize: it stays FP32 (the numbers show what it would get)"))));
        Numbers n = LayerQuantizerNumbers.of(w.weight(), w.outputChannelAxis(),
                LayerQuantizerNumbers.Grid.of(c, layer.name()), stochastic(c) ? Rounding.STOCHASTIC : Rounding.HALF_TO_EVEN);
        if (c.weightQuantizer() == Quantizer.BINARY) {
            parts.add(binary(w, c, n));
        } else {
            parts.add(range(c, n));
            parts.add(grid(c, c.weightBits(layer.name()), n));
            parts.add(quantize(n));
            if (c.weightQuantizer() == Quantizer.LSQ) {
                parts.add(lsq(c, n));
            }
            parts.add(rounding(c, w.weight()[0], n.firstParams()));
            parts.add(gradient(c, n));
        }
        parts.add(activations(c, layer, output));
        return parts;
    }

    private static boolean perChannel(QatConfig c) {
        return c.granularity() == PtqConfig.Granularity.PER_CHANNEL;
    }

    private static boolean symmetric(QatConfig c) {
        return c.weightScheme() == PtqConfig.WeightScheme.SYMMETRIC;
    }

    private static boolean stochastic(QatConfig c) {
        return c.rounding() == QatConfig.Rounding.STOCHASTIC;
    }

    private static String which(QatConfig c, Numbers n) {
        return perChannel(c) ? "channel 0 of " + n.channels() : "the whole tensor";
    }

    private static Part range(QatConfig c, Numbers n) {
        ClipRange m = n.firstMinMax();
        ClipRange r = n.firstRange();
        String minMax = "[min w, max w] = [" + of(m.min()) + ", " + of(m.max()) + "]";
        List<String> lines = new ArrayList<>();
        switch (c.range()) {
            case MIN_MAX -> {
                lines.add("min-max, " + which(c, n) + ": " + minMax);
                // Rounding z and the symmetric grid's half step can put an extreme one level past the end.
                lines.add("clipped share: " + percent(n.clippedShare()) + " (at most the extremes that round one level"
                        + " past the end of the grid)");
            }
            case CLIP_RATIO -> {
                lines.add("clip ratio r = " + of(c.clipRatio()) + ", " + which(c, n) + ": r·" + minMax + " = ["
                        + of(r.min()) + ", " + of(r.max()) + "]");
                lines.add("clipped share: " + percent(n.clippedShare()) + " of the layer's weights fall outside the grid"
                        + " and are clamped to qmin or qmax");
            }
            case PERCENTILE -> {
                lines.add(symmetric(c)
                        ? "percentile p = " + of(c.percentile()) + ", " + which(c, n) + ": ±P" + of(c.percentile())
                        + "(|w|) = [" + of(r.min()) + ", " + of(r.max()) + "]"
                        : "percentile p = " + of(c.percentile()) + ", " + which(c, n) + ": [P" + of(100 - c.percentile())
                        + "(w), P" + of(c.percentile()) + "(w)] = [" + of(r.min()) + ", " + of(r.max()) + "]");
                lines.add("of " + minMax + "; clipped share: " + percent(n.clippedShare()) + " of the layer's weights");
            }
        }
        return new Part("part-range", "range", lines);
    }

    private static Part grid(QatConfig c, int bits, Numbers n) {
        QuantParams p = n.firstParams();
        ClipRange r = n.firstRange();
        int steps = p.qmax() - p.qmin();
        List<String> lines = new ArrayList<>();
        if (symmetric(c)) {
            lines.add("symmetric: s = max(|α|, |β|)/((qmax − qmin)/2) = " + of(r.maxAbs()) + "/" + of(steps / 2.0) + " = "
                    + of(p.scale()) + ", z = 0");
        } else {
            lines.add("asymmetric: s = (β − α)/(qmax − qmin) = (" + of(Math.max(r.max(), 0f)) + " − "
                    + operand(Math.min(r.min(), 0f)) + ")/" + steps + " = " + of(p.scale()) + ", z = qmin − round(α/s) = "
                    + whole(p.qmin()) + " − round(" + operand(Math.min(r.min(), 0f)) + "/" + of(p.scale()) + ") = "
                    + whole(p.zeroPoint()));
        }
        if (perChannel(c)) {
            lines.add("per-channel: each of the " + n.channels() + " output channels has its own s (from "
                    + of(n.minScale()) + " to " + of(n.maxScale()) + "); channel 0's shown");
        }
        lines.add("levels: 2^" + bits + " = " + p.levels() + " (qmin " + whole(p.qmin()) + ", qmax " + whole(p.qmax())
                + "), " + n.levelsUsed() + " used over the layer; MSE (1/N)·Σ(w − ŵ)² = " + of(n.mse()));
        return new Part("part-grid", "scale and zero-point", lines);
    }

    private static Part quantize(Numbers n) {
        QuantParams p = n.firstParams();
        return new Part("part-quantize", "quantize", List.of("q = clamp(round(w/s) + z, qmin, qmax) = clamp(round(w/"
                + of(p.scale()) + ") + " + whole(p.zeroPoint()) + ", " + whole(p.qmin()) + ", " + whole(p.qmax()) + ");  ŵ = s·(q − z) ∈ ["
                + of(p.representableMin()) + ", " + of(p.representableMax()) + "]"));
    }

    /** LSQ, Esser et al. 2019: eq. 3 (step gradient), section 2.2 (gradient scale); the start is the STE grid's (LsqWeights). */
    private static Part lsq(QatConfig c, Numbers n) {
        return new Part("part-lsq", "LSQ", List.of(
                "learned step s, starting from the STE grid's step s₀ = " + of(n.lsqStep())
                        + (perChannel(c) ? " (channel 0)" : "") + " (not the paper's 2·mean|w|/√Qp, coarser at 4 bits"
                        + " and hardly moved in one epoch)",
                "∂ŵ/∂s = round(w/s) − w/s inside the grid, qmin − z or qmax − z outside (Esser et al. 2019, eq. 3)",
                "gradient scale g = 1/√(N·Qp) = 1/√(" + whole(n.elementsPerStep()) + "·" + n.qp() + ") = "
                        + of(n.lsqGradScale()) + ", N the weights sharing the step" + (perChannel(c) ? " (a channel's)" : "")
                        + ": the step's gradient is multiplied by g so it learns at the weights' pace"));
    }

    private static Part rounding(QatConfig c, float w0, QuantParams p) {
        double v = w0 / p.scale();
        if (!stochastic(c)) {
            return new Part("part-rounding", "rounding", List.of("nearest (half to even): w₀/s = " + of(w0) + "/"
                    + of(p.scale()) + " = " + of(v) + " → " + of(Math.rint(v))));
        }
        double up = v - Math.floor(v);
        return new Part("part-rounding", "rounding", List.of("stochastic: floor(w/s + u), u uniform in [0, 1): w₀/s = "
                + of(v) + " → " + of(Math.ceil(v)) + " with probability " + of(up) + ", else " + of(Math.floor(v))
                + "; unbiased on average, used in training only (evaluation rounds to nearest)"));
    }

    private static Part gradient(QatConfig c, Numbers n) {
        QuantParams p = n.firstParams();
        String inside = "[s·(qmin − z), s·(qmax − z)] = [" + of(p.representableMin()) + ", " + of(p.representableMax()) + "]";
        return new Part("part-gradient", "gradient", List.of(c.gradient() == StraightThrough.Gradient.CLIPPED
                ? "clipped STE: ∂L/∂w = ∂L/∂ŵ where round(w/s) + z lands in [qmin, qmax] (w about in " + inside
                        + "), 0 where it is clamped: " + percent(n.clippedShare()) + " of the layer's weights get no gradient"
                : "identity STE: ∂L/∂w = ∂L/∂ŵ everywhere (round and clamp count as the identity), also for the "
                        + percent(n.clippedShare()) + " of the weights outside " + inside));
    }

    private static Part binary(StepWeights w, QatConfig c, Numbers n) {
        long packed = (w.weight().length + 7) / 8 + 4L * n.channels();
        return new Part("part-binary", "binary", List.of(
                "ŵ = sign(w)·α, α = mean|w| per output channel: α₀ = " + of(n.firstAlpha()) + ", over the "
                        + n.channels() + " channels from " + of(n.minAlpha()) + " to " + of(n.maxAlpha()),
                c.gradient() == StraightThrough.Gradient.CLIPPED
                        ? "gradient: clipped straight-through, ∂L/∂w = ∂L/∂ŵ where |w| ≤ 1, else 0 (Hubara et al. 2016): "
                                + percent(beyondOne(w.weight())) + " of the layer's weights get no gradient"
                        : "gradient: identity straight-through, ∂L/∂w = ∂L/∂ŵ everywhere (sign has no useful gradient)",
                "size: 1 bit per weight + a 32-bit α per channel = " + whole(packed) + " bytes (FP32: "
                        + whole(4L * w.weight().length) + ")"));
    }

    private static Part activations(QatConfig c, TrainedLayers.Layer layer, ClipRange output) {
        int b = c.activationBits();
        if (!c.quantizesActivations()) {
            return new Part("part-activations", "activations", List.of("FP32: the activations are not fake-quantized"));
        }
        int levels = (1 << b) - 1;
        List<String> lines = new ArrayList<>(switch (c.activationQuantizer()) {
            case PACT -> List.of("PACT (Choi et al. 2018) on each ReLU's output (other tensors keep the STE): y = clamp(x,"
                            + " 0, α), ŷ = round(y·" + levels + "/α)·α/" + levels + " with " + levels + " steps at " + b
                            + " bits; α is learned, starting at the first batch's upper range by the chosen range method",
                    "∂ŷ/∂α = 1 where x ≥ α, else 0; ∂ŷ/∂x = 1 for 0 ≤ x < α, else 0 (eq. 3)");
            case LSQ -> List.of("LSQ on the activations: a learned step s started from the first batch, unsigned grid 0…"
                    + levels + " (Qp = " + levels + "), g = 1/√(N·" + levels + ") with N the tensor's values per image");
            case BINARY -> List.of("binary activations: a 1-bit grid, two levels spanning the observed range");
            default -> List.of("STE with a moving-average min-max observer: an affine grid 0…" + levels + " at " + b
                    + " bits; s and z follow the batches' range until the observers are frozen");
        });
        if (output != null && b > 1) {
            lines.add(outputNumbers(c, layer, output, b));
        }
        return new Part("part-activations", "activations", lines);
    }

    private static double beyondOne(float[] weights) {
        int beyond = 0;
        for (float v : weights) {
            if (Math.abs(v) > 1) {
                beyond++;
            }
        }
        return (double) beyond / weights.length;
    }

    /**
     * The activation grid on the range the layer's output reached on the training report's test
     * images: the fine-tuning's own batches decide, so these are what to expect, not the values used.
     */
    private static String outputNumbers(QatConfig c, TrainedLayers.Layer layer, ClipRange output, int b) {
        String where = layer.output() + "'s output on the training report's 256 test images spans ["
                + of(output.min()) + ", " + of(output.max()) + "]";
        if (c.activationQuantizer() == Quantizer.PACT && layer.reluOutput()) {
            double alpha = c.range() == QatConfig.Range.CLIP_RATIO ? output.max() * c.clipRatio() : output.max();
            return where + ": α near " + of(alpha) + (c.range() == QatConfig.Range.PERCENTILE
                    ? " at most (the percentile clips some)" : "") + ", a step α/" + ((1 << b) - 1) + " = "
                    + of(alpha / ((1 << b) - 1));
        }
        QuantParams p = QuantParams.fromRange(output, QuantFormat.of(b, QuantScheme.AFFINE));
        return where + ": with that range s = " + of(p.scale()) + ", z = " + whole(p.zeroPoint());
    }
}
