package io.quantlab.discretize;

import static io.quantlab.discretize.NumberText.of;
import static io.quantlab.discretize.NumberText.operand;

import io.quantlab.quant.QuantParams;
import java.util.ArrayList;
import java.util.List;

/** The formulas of uniform quantization (DESIGN.md, curriculum) filled in for one bit width. */
final class Formulas {
    private Formulas() {
    }

    static List<Formula> explain(DiscretizeSettings s, Quantized q) {
        BitWidthResult r = q.result();
        QuantParams p = q.params();
        int b = r.bits();
        double alpha = r.clipMin();
        double beta = r.clipMax();
        List<Formula> out = new ArrayList<>();
        out.add(new Formula("range", rangeText(s, q)));
        if (s.scheme() == SchemeOption.ASYMMETRIC) {
            out.add(new Formula("clipping range", "α = min(" + of(q.estimated().min()) + ", 0) = " + of(alpha)
                    + ",  β = max(" + of(q.estimated().max()) + ", 0) = " + of(beta) + "   (0 must be exact)"));
        } else {
            out.add(new Formula("clipping range", "β = max(|" + of(q.estimated().min()) + "|, |"
                    + of(q.estimated().max()) + "|) = " + of(beta) + ",  α = −β"));
        }
        double raw = (beta - alpha) / (r.qmax() - r.qmin());
        String floor = raw < QuantParams.EPS ? " → raised to ε = 2^−23, the smallest scale (the range is empty)" : "";
        String scale = switch (s.scheme()) {
            case ASYMMETRIC, SYMMETRIC -> "Δ = (β − α)/(2^b − 1) = (" + of(beta) + " − " + operand(alpha) + ")/"
                    + (r.qmax() - r.qmin()) + " = ";
            case RESTRICTED -> "Δ = β/(2^(b−1) − 1) = " + of(beta) + "/" + r.qmax() + " = ";
        };
        out.add(new Formula("scale", scale + (floor.isEmpty() ? of(r.scale()) : of(raw) + floor)));
        if (s.scheme() == SchemeOption.ASYMMETRIC) {
            out.add(new Formula("zero-point", "z = qmin − round(α/Δ) = " + r.qmin() + " − round(" + operand(alpha)
                    + "/" + of(r.scale()) + ") = " + r.zeroPoint()));
        } else {
            out.add(new Formula("zero-point", "z = 0 (signed grid, symmetric about 0)"));
        }
        out.add(new Formula("quantize", "q = clamp(round(x/Δ) + z, qmin, qmax) = clamp(round(x/" + of(r.scale())
                + ") + " + r.zeroPoint() + ", " + r.qmin() + ", " + r.qmax() + ") with round: " + s.rounding().title()
                + ";  x̂ = Δ·(q − z)"));
        out.add(new Formula("grid", "x̂ ∈ [Δ(qmin − z), Δ(qmax − z)] = [" + of(p.representableMin()) + ", "
                + of(p.representableMax()) + "] in steps of Δ; " + r.levelsAvailable() + " levels (qmax − qmin + 1 = "
                + levelsText(b, s.scheme()) + "), " + r.levelsUsed() + " used"));
        out.add(new Formula("MSE", "MSE = (1/n)·Σ(x − x̂)² = " + of(r.mse()) + "   (rounding alone, uniform noise: Δ²/12 = "
                + of((double) r.scale() * r.scale() / 12) + ")"));
        out.add(new Formula("max error", "max |x − x̂| = " + of(r.maxError()) + "   (Δ/2 = " + of(r.scale() / 2.0)
                + "; more means clipping)"));
        out.add(new Formula("SQNR", "SQNR = 10·log10(Σx² / Σ(x − x̂)²) = "
                + (r.sqnrDb() == null ? "∞ (no error at all)" : NumberText.sig(r.sqnrDb(), 4) + " dB")
                + "   (≈ 6.02 dB more per bit)"));
        String clipped = "clipped share = " + NumberText.percent(r.clippedShare())
                + " of the samples fall beyond the grid and are clamped to qmin or qmax";
        if (s.range() == RangeMethod.MINMAX && r.clippedShare() > 0) {
            // Rounding z shifts the grid by up to Δ/2, so an extreme can round one level past qmax or qmin.
            clipped += "; with min-max only extremes that round one level past the end, because rounding z moved "
                    + "the grid by up to Δ/2: clamping costs them no more than rounding would";
        }
        out.add(new Formula("clipped", clipped));
        return out;
    }

    private static String levelsText(int b, SchemeOption scheme) {
        return scheme == SchemeOption.RESTRICTED ? "2^" + b + " − 1" : "2^" + b;
    }

    private static String rangeText(DiscretizeSettings s, Quantized q) {
        String found = "[" + of(q.estimated().min()) + ", " + of(q.estimated().max()) + "]";
        return switch (s.range()) {
            case MINMAX -> "min-max: [min x, max x] = " + found;
            case PERCENTILE -> s.scheme() == SchemeOption.ASYMMETRIC
                    ? "percentile: [P" + of(100 - s.percentile()) + ", P" + of(s.percentile()) + "] = " + found
                    : "percentile: ±P" + of(s.percentile()) + "(|x|) = " + found;
            case MSE -> "MSE search: of 100 shrinkings of the min-max range, the one with the least expected "
                    + "squared error → " + found;
            case KL -> "KL entropy: the threshold on |x| whose quantized histogram (2048 bins) is closest to the "
                    + "original → " + found;
            case HISTOGRAM -> "histogram search (PyTorch HistogramObserver): the bin range with the least L2 "
                    + "quantization error → " + found;
        };
    }
}
