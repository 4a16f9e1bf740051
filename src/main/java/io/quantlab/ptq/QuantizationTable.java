package io.quantlab.ptq;

import io.quantlab.deploy.DeployPlan;
import io.quantlab.deploy.ModelQuantization;
import io.quantlab.deploy.StepWeights;
import io.quantlab.deploy.TrainedParameters;
import io.quantlab.deploy.WeightQuantization;
import io.quantlab.model.ModelSpec;
import io.quantlab.quant.ClipRange;
import io.quantlab.quant.MinMaxObserver;
import io.quantlab.quant.QuantParams;
import java.util.ArrayList;
import java.util.List;

/**
 * Every quantized layer's and activation's grid, as a PTQ's {@code quantization.json} lists them:
 * per layer its bits, scale(s), zero-point(s), integer range and the weight range its min-max
 * observer saw (per output channel or for the whole tensor); per activation tensor a row of the
 * calibration table. The names are the file's.
 */
public record QuantizationTable(String mode, boolean foldBatchNorm, List<LayerGrid> layers,
                                List<TensorGrid> activations) {

    /** One weighted layer's grid; arrays hold one entry per output channel, or one for the tensor. */
    public record LayerGrid(String layer, String op, int bits, String granularity, int qmin, int qmax, float[] scales,
                            int[] zeroPoints, float[] observedMin, float[] observedMax) {}

    /**
     * One activation tensor's calibration: the values seen, the range the observer chose, its grid
     * and the share of calibration values that grid clips.
     */
    public record TensorGrid(String tensor, int bits, float scale, int zeroPoint, int qmin, int qmax,
                             float observedMin, float observedMax, float rangeMin, float rangeMax,
                             double clippedShare) {

        static TensorGrid of(TensorCalibration row) {
            QuantParams p = row.params();
            return new TensorGrid(row.tensor(), bitsOf(p), p.scale(), p.zeroPoint(), p.qmin(), p.qmax(),
                    row.observedMin(), row.observedMax(), row.chosen().min(), row.chosen().max(), row.clippedShare());
        }
    }

    public static QuantizationTable of(ModelSpec spec, TrainedParameters parameters, Calibration.Result calibration) {
        ModelQuantization q = calibration.quantization();
        DeployPlan plan = DeployPlan.of(spec, q.foldBatchNorm());
        List<LayerGrid> layers = new ArrayList<>();
        for (DeployPlan.Step step : plan.weightedSteps()) {
            WeightQuantization w = q.weights().get(step.name());
            if (w == null) {
                continue; // dynamic mode leaves the convolutions in FP32
            }
            StepWeights weights = StepWeights.of(step, parameters);
            MinMaxObserver seen = w.isPerChannel() ? MinMaxObserver.perChannel(weights.outputChannelAxis())
                    : MinMaxObserver.perTensor();
            seen.observe(weights.weight());
            List<ClipRange> ranges = seen.ranges();
            float[] min = new float[ranges.size()];
            float[] max = new float[ranges.size()];
            for (int c = 0; c < ranges.size(); c++) {
                min[c] = ranges.get(c).min();
                max[c] = ranges.get(c).max();
            }
            QuantParams first = w.channel(0);
            layers.add(new LayerGrid(step.name(), step.op().kind(), w.bits(),
                    w.isPerChannel() ? "per-channel" : "per-tensor", first.qmin(), first.qmax(), w.scales(),
                    w.zeroPoints(), min, max));
        }
        return new QuantizationTable(PtqConfig.apiName(q.mode()), q.foldBatchNorm(), layers,
                calibration.tensors().stream().map(TensorGrid::of).toList());
    }

    /** Bits of a grid: ⌈log2(levels)⌉. */
    static int bitsOf(QuantParams p) {
        return 32 - Integer.numberOfLeadingZeros(p.levels() - 1);
    }
}
