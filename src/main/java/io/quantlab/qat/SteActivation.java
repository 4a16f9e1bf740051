package io.quantlab.qat;

import ai.djl.ndarray.NDArray;
import io.quantlab.quant.ClipRange;
import io.quantlab.quant.MovingAverageMinMaxObserver;
import io.quantlab.quant.QuantFormat;
import io.quantlab.quant.QuantParams;

/**
 * The straight-through fake quantizer of an activation: affine, from a moving-average observer of
 * each training batch's range (min-max, clip ratio or percentile), as PyTorch's default QAT
 * qconfig. At 1 bit (binary activations) the grid has two levels, 0 and the observed range's
 * far end, and the gradient passes straight through inside it.
 */
final class SteActivation implements ActivationQuantizer {
    private final QatConfig config;
    private final QuantFormat format;
    private final MovingAverageMinMaxObserver observer =
            MovingAverageMinMaxObserver.perTensor(MovingAverageMinMaxObserver.DEFAULT_AVERAGING_CONSTANT);
    private volatile boolean frozen;
    private boolean started;
    private QuantParams grid;

    SteActivation(QatConfig config) {
        this.config = config;
        this.format = config.activationFormat();
    }

    @Override
    public NDArray apply(NDArray values, boolean training) {
        if (training && !frozen) {
            ClipRange range = ActivationQuantizer.batchRange(values, config);
            observer.observe(new float[] {range.min(), range.max()});
            started = true;
            grid = null;
        }
        return StraightThrough.fakeQuantize(values, grid(), config.gradient(),
                config.roundsStochastically(training));
    }

    @Override
    public void freeze() {
        frozen = true;
    }

    @Override
    public QuantParams grid() {
        if (grid == null) {
            grid = QuantParams.fromRange(observer.range(), format);
        }
        return grid;
    }

    @Override
    public boolean started() {
        return started;
    }

    /** The observed range. */
    ClipRange range() {
        return observer.range();
    }
}
