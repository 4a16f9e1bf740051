package io.quantlab.ptq;

import io.quantlab.deploy.StepWeights;
import io.quantlab.deploy.WeightQuantization;
import io.quantlab.quant.ErrorMetrics;
import io.quantlab.quant.Rounding;

/**
 * How far one quantized layer is from FP32. Its weights (BatchNorm folded in where the plan folds
 * it) against the same weights quantized and dequantized on the layer's grid: mean squared error,
 * relative error ‖w − ŵ‖/‖w‖ and the number of integer levels they use. Its output in the
 * simulated network against the FP32 network on the same test images: SQNR
 * 10·log10(Σy² / Σ(y − ŷ)²) in dB, so the error of every layer before it counts too; null when
 * there is no error at all (infinite) or no signal.
 */
public record LayerError(String layer, String kind, int bits, boolean perChannel, double weightMse,
                         double weightRelativeError, int levelsUsed, Double outputSqnrDb) {

    static LayerError of(String layer, String kind, StepWeights weights, WeightQuantization grid, Double outputSqnrDb) {
        ErrorMetrics metrics = grid.isPerChannel()
                ? ErrorMetrics.measure(weights.weight(), weights.outputChannelAxis(), grid.perChannel(),
                        Rounding.HALF_TO_EVEN, 0L)
                : ErrorMetrics.measure(weights.weight(), grid.perTensor());
        // SQNR = −20·log10(‖w − ŵ‖/‖w‖); +∞ (no error) gives 0. Zero is on every grid, so ‖w‖ = 0 has no error.
        double relative = Math.pow(10, -metrics.sqnrDb() / 20);
        return new LayerError(layer, kind, grid.bits(), grid.isPerChannel(), metrics.mse(), relative,
                metrics.levelsUsed(), outputSqnrDb);
    }

    /** 10·log10(signal / noise) from the two energies; null where it is not a finite number. */
    static Double decibels(double signal, double noise) {
        double db = 10 * Math.log10(signal / noise);
        return Double.isFinite(db) ? db : null;
    }
}
