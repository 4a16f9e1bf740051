package io.quantlab.deploy;

import io.quantlab.data.Dataset;
import io.quantlab.model.Node;
import io.quantlab.quant.MinMaxObserver;
import io.quantlab.quant.QuantFormat;
import io.quantlab.quant.QuantParams;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal calibration for the tests (the real one belongs to PTQ): min-max observers from
 * quant/ on each layer's (folded) weights, per output channel or per tensor, and for static
 * quantization on every tensor the deployed plan quantizes, over the first training images.
 */
public final class MinMaxCalibration {

    static final int BATCH = 64;

    private MinMaxCalibration() {}

    public static ModelQuantization calibrate(DjlModels djl, Dataset data, int batches, QuantFormat weightFormat,
                                              boolean perChannel) {
        return calibrate(djl, data, batches, weightFormat, perChannel, true);
    }

    public static ModelQuantization calibrate(DjlModels djl, Dataset data, int batches, QuantFormat weightFormat,
                                              boolean perChannel, boolean foldBatchNorm) {
        DeployPlan plan = DeployPlan.of(djl.spec, foldBatchNorm);
        List<String> tensors = plan.quantizedTensors();
        Map<String, MinMaxObserver> observers = new LinkedHashMap<>();
        tensors.forEach(t -> observers.put(t, MinMaxObserver.perTensor()));
        int size = data.imageSize();
        for (int b = 0; b < batches; b++) {
            float[] images = new float[BATCH * size];
            for (int i = 0; i < BATCH; i++) {
                data.normalizedTrainImage(b * BATCH + i, images, i * size);
            }
            djl.nodeValues(images, BATCH, tensors).forEach((name, values) -> observers.get(name).observe(values));
        }
        Map<String, QuantParams> activations = new HashMap<>();
        observers.forEach((name, observer) -> activations.put(name, observer.params(QuantFormat.quint8())));
        return new ModelQuantization(foldBatchNorm, weights(djl, plan, weightFormat, perChannel, false), activations);
    }

    /** Weight-only or dynamic quantization: weights alone (dynamic: of the Linear layers only). */
    public static ModelQuantization weightsOnly(DjlModels djl, ModelQuantization.Mode mode, QuantFormat weightFormat,
                                                boolean perChannel) {
        DeployPlan plan = DeployPlan.of(djl.spec, true);
        return new ModelQuantization(mode, true,
                weights(djl, plan, weightFormat, perChannel, mode == ModelQuantization.Mode.DYNAMIC), Map.of());
    }

    private static Map<String, WeightQuantization> weights(DjlModels djl, DeployPlan plan, QuantFormat format,
                                                           boolean perChannel, boolean linearOnly) {
        TrainedParameters parameters = djl.parameters();
        Map<String, WeightQuantization> weights = new HashMap<>();
        for (DeployPlan.Step step : plan.weightedSteps()) {
            if (linearOnly && !(step.op() instanceof Node.Linear)) {
                continue;
            }
            StepWeights w = StepWeights.of(step, parameters);
            MinMaxObserver observer = perChannel ? MinMaxObserver.perChannel(w.outputChannelAxis())
                    : MinMaxObserver.perTensor();
            observer.observe(w.weight());
            weights.put(step.name(), perChannel ? WeightQuantization.of(observer.perChannelParams(format))
                    : WeightQuantization.of(observer.params(format)));
        }
        return weights;
    }
}
