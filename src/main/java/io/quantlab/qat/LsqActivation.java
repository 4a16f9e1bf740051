package io.quantlab.qat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.quantlab.quant.ClipRange;
import io.quantlab.quant.LearnableFakeQuant;
import io.quantlab.quant.QuantFormat;
import io.quantlab.quant.QuantParams;

/**
 * LSQ on an activation (Esser et al. 2019): an affine grid whose step is learned with the model
 * ({@link StraightThrough#learnedStep}); step and zero-point start from the first training
 * batch's range ({@code range}: min-max, clip ratio or percentile), the zero-point then stays.
 * The gradient scale is g = 1/√(N·qmax), N the tensor's values per image.
 */
final class LsqActivation implements ActivationQuantizer {
    private final QatConfig config;
    private final QuantFormat format;
    private final Parameter step;
    private int zeroPoint;
    private NDArray zeroPointArray;

    LsqActivation(QatConfig config, String tensor) {
        this.config = config;
        this.format = config.activationFormat();
        this.step = Learned.parameter("lsqStep-" + tensor, new Shape(1));
    }

    @Override
    public Parameter parameter() {
        return step;
    }

    @Override
    public NDArray apply(NDArray values, boolean training) {
        if (zeroPointArray == null) {
            ClipRange range = ActivationQuantizer.batchRange(values, config);
            QuantParams first = QuantParams.fromRange(range, format);
            Learned.start(step, first.scale());
            zeroPoint = first.zeroPoint();
            zeroPointArray = Learned.fixed(step, zeroPoint);
        }
        Learned.floor(step, Learned.MIN_STEP);
        long perImage = values.size() / values.getShape().get(0);
        float g = LearnableFakeQuant.lsqGradFactor((int) perImage, format.qmax());
        return StraightThrough.learnedStep(values, step.getArray(), zeroPointArray, format.qmin(), format.qmax(), g,
                config.roundsStochastically(training));
    }

    @Override
    public QuantParams grid() {
        float scale = Math.max(Learned.MIN_STEP, step.getArray().getFloat());
        return new QuantParams(scale, zeroPoint, format.qmin(), format.qmax());
    }

    @Override
    public boolean started() {
        return zeroPointArray != null;
    }
}
