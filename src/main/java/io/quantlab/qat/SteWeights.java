package io.quantlab.qat;

import ai.djl.ndarray.NDArray;
import io.quantlab.deploy.StepWeights;
import io.quantlab.deploy.WeightQuantization;
import io.quantlab.ptq.PtqConfig;
import io.quantlab.quant.ChannelAxis;
import io.quantlab.quant.PerChannelParams;
import io.quantlab.quant.QuantFormat;
import io.quantlab.quant.QuantParams;

/**
 * The straight-through fake quantizer of a weight ({@link StraightThrough}): its grid follows the
 * weight's current range (min-max, clip ratio or percentile, per tensor or per output channel)
 * every training step until frozen, as PyTorch's FakeQuantize with a min-max observer.
 */
final class SteWeights implements WeightQuantizer {
    private final QatConfig config;
    private final QuantFormat format;
    private WeightQuantization last;
    private WeightQuantization frozen;

    SteWeights(QatConfig config, int bits) {
        this.config = config;
        this.format = config.weightFormat(bits);
    }

    @Override
    public NDArray apply(NDArray weight, boolean training) {
        WeightQuantization grid = frozen;
        if (grid == null) {
            int channels = (int) weight.getShape().get(0);
            float[] values = weight.toFloatArray();
            QuantizationAwareTraining.requireFinite(values, "a weight");
            grid = grid(values, new ChannelAxis(channels, values.length / channels));
            if (training) {
                last = grid;
            }
        }
        boolean stochastic = config.roundsStochastically(training);
        return grid.isPerChannel() ? StraightThrough.fakeQuantize(weight, grid.perChannel(), config.gradient(), stochastic)
                : StraightThrough.fakeQuantize(weight, grid.perTensor(), config.gradient(), stochastic);
    }

    @Override
    public void freeze() {
        frozen = last;
    }

    @Override
    public WeightQuantization grid(StepWeights folded) {
        return frozen != null ? frozen : grid(folded.weight(), folded.outputChannelAxis());
    }

    private WeightQuantization grid(float[] values, ChannelAxis channels) {
        if (config.granularity() == PtqConfig.Granularity.PER_TENSOR) {
            return WeightQuantization.of(QuantParams.fromRange(config.range(values, format), format));
        }
        return WeightQuantization.of(PerChannelParams.fromRanges(config.ranges(values, channels, format), format));
    }
}
