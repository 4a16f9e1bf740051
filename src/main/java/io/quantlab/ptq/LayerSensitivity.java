package io.quantlab.ptq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.quantlab.data.Dataset;
import io.quantlab.deploy.DeployPlan;
import io.quantlab.deploy.ModelQuantization;
import io.quantlab.deploy.TrainedParameters;
import io.quantlab.model.ModelSpec;
import io.quantlab.torch.TorchThread;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Layer sensitivity: each quantized layer quantized alone (its weights and, in static mode, its
 * output tensor), every other layer FP32, on the first {@code images} test images. {@code layers}
 * run from the most sensitive down: largest accuracy drop in points against FP32 on the same
 * images, then most top-1 predictions changed (in percent of the images), which still tells layers
 * apart when the drops are all about zero.
 */
public record LayerSensitivity(int images, double fp32Accuracy, List<Layer> layers) {

    public record Layer(String layer, double accuracy, double accuracyDrop, double changedPredictions) {}

    public LayerSensitivity {
        layers = List.copyOf(layers);
    }

    /** The sensitivity of every layer {@code quantization} quantizes, on the first {@code images} test images. */
    public static LayerSensitivity measure(ModelSpec spec, TrainedParameters parameters, ModelQuantization quantization,
                                           Dataset data, int images) {
        try (DjlNetwork fp32 = new DjlNetwork(spec, parameters)) {
            return measure(fp32, parameters, quantization, data, Math.min(images, data.testLabels().length));
        }
    }

    static LayerSensitivity measure(DjlNetwork fp32, TrainedParameters parameters, ModelQuantization quantization,
                                    Dataset data, int images) {
        DeployPlan plan = DeployPlan.of(fp32.spec, quantization.foldBatchNorm());
        List<DeployPlan.Step> steps = plan.weightedSteps().stream()
                .filter(step -> quantization.weights().containsKey(step.name())).toList();
        List<FakeQuantizedNetwork> alone = new ArrayList<>();
        steps.forEach(step -> alone.add(new FakeQuantizedNetwork(fp32, parameters, quantization.onlyStep(step))));
        String output = fp32.spec.outputNames().get(0);
        int[] labels = data.testLabels();
        long fp32Correct = 0;
        long[] correct = new long[steps.size()];
        long[] changed = new long[steps.size()];
        for (int from = 0; from < images; from += FakeQuantizedNetwork.EVAL_BATCH) {
            int count = Math.min(FakeQuantizedNetwork.EVAL_BATCH, images - from);
            float[] batch = DjlNetwork.normalizedTestImages(data, from, count);
            long[][] predicted = TorchThread.call(() -> predictions(fp32, plan, steps, alone, output, batch, count));
            for (int i = 0; i < count; i++) {
                int label = labels[from + i];
                fp32Correct += predicted[0][i] == label ? 1 : 0;
                for (int s = 0; s < steps.size(); s++) {
                    correct[s] += predicted[s + 1][i] == label ? 1 : 0;
                    changed[s] += predicted[s + 1][i] != predicted[0][i] ? 1 : 0;
                }
            }
        }
        double fp32Accuracy = percent(fp32Correct, images);
        List<Layer> layers = new ArrayList<>();
        for (int s = 0; s < steps.size(); s++) {
            // the drop from the counts, so 3 images of 500 are 0.6 and not 0.5999999999999943
            layers.add(new Layer(steps.get(s).name(), percent(correct[s], images),
                    percent(fp32Correct - correct[s], images), percent(changed[s], images)));
        }
        layers.sort(Comparator.comparingDouble(Layer::accuracyDrop).thenComparingDouble(Layer::changedPredictions)
                .reversed());
        return new LayerSensitivity(images, fp32Accuracy, layers);
    }

    /**
     * Top-1 classes of one batch: row 0 FP32, row s + 1 with only step s quantized. Everything
     * before step s is FP32 then, so each run starts at step s from the FP32 values.
     */
    private static long[][] predictions(DjlNetwork fp32, DeployPlan plan, List<DeployPlan.Step> steps,
                                        List<FakeQuantizedNetwork> alone, String output, float[] batch, int count) {
        long[][] predicted = new long[steps.size() + 1][];
        try (NDManager scope = fp32.manager().newSubManager()) {
            NDArray x = fp32.images(scope, batch, count);
            Map<String, NDArray> reference = new HashMap<>(fp32.forwardAll(scope, x));
            reference.put(ModelSpec.INPUT, x);
            predicted[0] = reference.get(output).argMax(1).toLongArray();
            for (int s = 0; s < steps.size(); s++) {
                // the suffix's arrays follow their inputs' manager: lend the FP32 values to a scope of this run alone
                try (NDManager run = scope.newSubManager()) {
                    Set<NDArray> lent = Collections.newSetFromMap(new IdentityHashMap<>());
                    lent.addAll(reference.values()); // an identity layer's output is its input: lend it once
                    lent.forEach(array -> array.tempAttach(run));
                    Map<String, NDArray> values = new HashMap<>(reference);
                    alone.get(s).run(run, values, plan.steps().indexOf(steps.get(s)));
                    predicted[s + 1] = values.get(output).argMax(1).toLongArray();
                }
            }
        }
        return predicted;
    }

    private static double percent(long part, int whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }
}
