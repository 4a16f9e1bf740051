package io.quantlab.qat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.ConstantInitializer;
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
        this.step = Parameter.builder().setName("lsqStep-" + tensor).setType(Parameter.Type.OTHER)
                .optShape(new Shape(1)).optInitializer(new ConstantInitializer(1f)).build();
    }

    @Override
    public Parameter parameter() {
        return step;
    }

    @Override
    public NDArray apply(NDArray values, boolean training) {
        if (zeroPointArray == null) {
            NDArray plain = values.stopGradient();
            float min = plain.min().getFloat();
            float max = plain.max().getFloat();
            QuantizationAwareTraining.requireFinite(min + max, "an activation");
            ClipRange range = config.range() == QatConfig.Range.PERCENTILE
                    ? config.range(plain.toFloatArray(), format) : config.clipped(new ClipRange(min, max));
            QuantParams first = QuantParams.fromRange(range, format);
            ActivationQuantizer.start(step, first.scale());
            zeroPoint = first.zeroPoint();
            zeroPointArray = step.getArray().getManager().create(new float[] {zeroPoint}, new Shape(1));
            NDScope.unregister(zeroPointArray); // kept from batch to batch
        }
        long perImage = values.size() / values.getShape().get(0);
        float g = LearnableFakeQuant.lsqGradFactor((int) perImage, format.qmax());
        return StraightThrough.learnedStep(values, step.getArray(), zeroPointArray, format.qmin(), format.qmax(), g,
                training && config.rounding() == QatConfig.Rounding.STOCHASTIC);
    }

    @Override
    public QuantParams grid() {
        float scale = Math.max(QuantParams.MIN_SCALE, step.getArray().getFloat());
        return new QuantParams(scale, zeroPoint, format.qmin(), format.qmax());
    }

    @Override
    public boolean started() {
        return zeroPointArray != null;
    }
}
