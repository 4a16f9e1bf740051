package io.quantlab.ptq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.quantlab.data.Dataset;
import io.quantlab.model.ModelSpec;
import io.quantlab.torch.TorchThread;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQNR of named tensors of the simulated network against the FP32 network on the first test
 * images: both run on the same batch, and the energies Σy² and Σ(y − ŷ)² add up over batches.
 */
final class OutputSqnr {

    private OutputSqnr() {}

    /** dB per tensor, null where infinite (no error) or undefined; {@code tensors} name spec nodes. */
    static Map<String, Double> measure(DjlNetwork fp32, FakeQuantizedNetwork simulated, List<String> tensors,
                                       Dataset data, int images) {
        double[] signal = new double[tensors.size()];
        double[] noise = new double[tensors.size()];
        for (int from = 0; from < images; from += FakeQuantizedNetwork.EVAL_BATCH) {
            int count = Math.min(FakeQuantizedNetwork.EVAL_BATCH, images - from);
            float[] batch = DjlNetwork.normalizedTestImages(data, from, count);
            TorchThread.run(() -> {
                try (NDManager scope = fp32.manager().newSubManager()) {
                    NDArray x = fp32.images(scope, batch, count);
                    Map<String, NDArray> reference = fp32.forwardAll(scope, x);
                    Map<String, NDArray> quantized = simulated.forward(scope, x);
                    for (int t = 0; t < tensors.size(); t++) {
                        NDArray y = ModelSpec.INPUT.equals(tensors.get(t)) ? x : reference.get(tensors.get(t));
                        signal[t] += y.square().sum().getFloat();
                        noise[t] += y.sub(quantized.get(tensors.get(t))).square().sum().getFloat();
                    }
                }
            });
        }
        Map<String, Double> decibels = new LinkedHashMap<>();
        for (int t = 0; t < tensors.size(); t++) {
            decibels.put(tensors.get(t), LayerError.decibels(signal[t], noise[t]));
        }
        return decibels;
    }
}
