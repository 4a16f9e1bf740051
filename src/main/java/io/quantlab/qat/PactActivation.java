package io.quantlab.qat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.quantlab.quant.ClipRange;
import io.quantlab.quant.QuantParams;

/**
 * PACT on a ReLU's output (Choi et al. 2018): a learned clip α per tensor, y = clip(x, 0, α)
 * fake-quantized on [0, α] ({@link StraightThrough#pact}); α starts at the first training batch's
 * upper range ({@code range}: max, clip ratio or percentile) and is trained with the model. The
 * grid is unsigned with zero-point 0 and step α/(2^b − 1), so 8 bits deploy as quint8.
 */
final class PactActivation implements ActivationQuantizer {
    private final QatConfig config;
    private final Parameter alpha;
    private final int levels;
    private boolean started;

    PactActivation(QatConfig config, String tensor) {
        this.config = config;
        this.levels = (1 << config.activationBits()) - 1;
        this.alpha = Learned.parameter("pactAlpha-" + tensor, new Shape(1));
    }

    @Override
    public Parameter parameter() {
        return alpha;
    }

    @Override
    public NDArray apply(NDArray values, boolean training) {
        if (!started) {
            ClipRange range = ActivationQuantizer.batchRange(values, config);
            Learned.start(alpha, Math.max(range.max(), Learned.MIN_STEP * levels)); // a ReLU's max ≥ 0
            started = true;
        }
        Learned.floor(alpha, Learned.MIN_STEP * levels);
        return StraightThrough.pact(values, alpha.getArray(), levels, config.roundsStochastically(training));
    }

    @Override
    public QuantParams grid() {
        float clip = alpha.getArray().getFloat();
        QuantizationAwareTraining.requireFinite(clip, "PACT's clip α");
        return new QuantParams(Math.max(Learned.MIN_STEP, clip / levels), 0, 0, levels);
    }

    @Override
    public boolean started() {
        return started;
    }
}
