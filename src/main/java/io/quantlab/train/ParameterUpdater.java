package io.quantlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies the job's optimizer to every trainable parameter of a block after a backward pass and
 * zeroes the gradients. DJL's optimizers take about a dozen engine passes and five temporary
 * arrays per parameter, as long as the forward and backward of an MLP step. Here each gradient is
 * copied once into a Java array, {@link OptimizerMath} updates a Java master copy of the values
 * and the optimizer state in one pass, and the values are copied back. The master copies are read
 * when the updater is made: make it after the block is initialized, and let nothing else write the
 * parameters while it is in use. Runs on the TorchThread.
 */
final class ParameterUpdater {

    private final boolean adam;
    private final double momentum;
    private final double weightDecay;
    private final List<Parameter> parameters = new ArrayList<>();
    /** Per parameter: its values (the master copy, written to the engine after each update). */
    private final List<float[]> values = new ArrayList<>();
    /** Per parameter: Adam's first and second moments, or SGD's momentum buffer. */
    private final List<float[][]> state = new ArrayList<>();
    private final float[] gradient;
    /** The step whose update waits for {@link #flush()}, or -1. */
    private long pendingStep = -1;
    private double pendingRate;

    /** For the trainable parameters of an initialized {@code block}. */
    ParameterUpdater(Block block, TrainConfig c) {
        adam = TrainConfig.ADAM.equals(c.optimizer());
        momentum = c.momentum();
        weightDecay = c.weightDecay();
        int largest = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter parameter = p.getValue();
            if (parameter.requiresGradient()) {
                int size = Math.toIntExact(parameter.getArray().size());
                parameters.add(parameter);
                values.add(parameter.getArray().toFloatArray());
                state.add(adam ? new float[][] {new float[size], new float[size]} : new float[][] {new float[size]});
                largest = Math.max(largest, size);
            }
        }
        gradient = new float[largest];
    }

    /**
     * Schedules update {@code step} (0 for the first) at learning rate {@code rate} for the next
     * {@link #flush()}, which the next training step calls before its forward pass. The step that
     * made the gradients can report its result at once: its job thread then writes the next batch
     * while this update runs on one core, instead of preempting the OpenMP worker of the next
     * step's forward pass.
     */
    void updateLater(long step, double rate) {
        flush();
        pendingStep = step;
        pendingRate = rate;
    }

    /** Runs the update {@link #updateLater} scheduled, if any: before any forward pass, and before anything reads the parameters. */
    void flush() {
        if (pendingStep >= 0) {
            long step = pendingStep;
            pendingStep = -1;
            update(step, pendingRate);
        }
    }

    /** Update {@code step} (0 for the first) at learning rate {@code rate}. */
    void update(long step, double rate) {
        for (int i = 0; i < parameters.size(); i++) {
            NDArray array = parameters.get(i).getArray();
            int n = Math.toIntExact(array.size());
            try (NDArray grad = array.getGradient()) {
                grad.toByteBuffer(true).asFloatBuffer().get(gradient, 0, n);
                float[] w = values.get(i);
                float[][] s = state.get(i);
                if (adam) {
                    OptimizerMath.adam(w, gradient, s[0], s[1], n, rate, weightDecay, step + 1);
                } else {
                    OptimizerMath.sgd(w, gradient, s[0], n, rate, momentum, weightDecay);
                }
                array.toByteBuffer(true).asFloatBuffer().put(w);
                JniUtils.zeroGrad((PtNDArray) array);
            }
        }
    }
}
