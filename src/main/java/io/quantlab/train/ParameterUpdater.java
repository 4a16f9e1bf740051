package io.quantlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.quantlab.torch.ParallelChunks;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies the job's optimizer to every trainable parameter of a block after a backward pass and
 * zeroes the gradients. DJL's optimizers take about a dozen engine passes and five temporary
 * arrays per parameter, as long as the forward and backward of an MLP step. Here the values and
 * gradients are read and written in place, in the engine's memory, chunk by chunk: a chunk of
 * each is copied into scratch arrays small enough for the core's caches, {@link OptimizerMath}
 * updates it with the chunk's optimizer state in one pass, the values are written back and the
 * gradient zeroed. The chunks are shared between the compute thread and a helper
 * ({@link ParallelChunks}), as the update is bound by memory traffic. Runs on the TorchThread.
 */
final class ParameterUpdater {

    /** Values per chunk: a chunk's values, gradient and state (64 KB with Adam) stay in L2. */
    static final int CHUNK = 4096;
    private static final float[] ZEROS = new float[CHUNK];

    private final boolean adam;
    private final double momentum;
    private final double weightDecay;
    private final List<Parameter> parameters = new ArrayList<>();
    private final List<Chunk> chunks = new ArrayList<>();
    /** Per worker of {@link ParallelChunks}: a chunk's values and gradient on their way through. */
    private final float[][] valueScratch = new float[ParallelChunks.WORKERS][CHUNK];
    private final float[][] gradientScratch = new float[ParallelChunks.WORKERS][CHUNK];
    /** The step whose update waits for {@link #flush()}, or -1. */
    private long pendingStep = -1;
    private double pendingRate;

    /**
     * Values {@code [start, start + length)} of parameter number {@code parameter}, with their
     * optimizer state: Adam's first moments or SGD's momentum buffer, and Adam's second moments
     * (else null).
     */
    private record Chunk(int parameter, int start, int length, float[] first, float[] second) {}

    /** For the trainable parameters of an initialized {@code block}. */
    ParameterUpdater(Block block, TrainConfig c) {
        adam = TrainConfig.ADAM.equals(c.optimizer());
        momentum = c.momentum();
        weightDecay = c.weightDecay();
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter parameter = p.getValue();
            if (parameter.requiresGradient()) {
                int size = Math.toIntExact(parameter.getArray().size());
                for (int start = 0; start < size; start += CHUNK) {
                    int length = Math.min(CHUNK, size - start);
                    chunks.add(new Chunk(parameters.size(), start, length, new float[length],
                            adam ? new float[length] : null));
                }
                parameters.add(parameter);
            }
        }
    }

    /**
     * Schedules update {@code step} (0 for the first) at learning rate {@code rate} for the next
     * {@link #flush()}, which the next training step calls before its forward pass. The step that
     * made the gradients can report its result at once: its job thread then writes the next batch
     * while this update runs, instead of preempting the OpenMP worker of the next step's forward
     * pass.
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
        FloatBuffer[] values = new FloatBuffer[parameters.size()];
        FloatBuffer[] gradients = new FloatBuffer[parameters.size()];
        NDArray[] gradientArrays = new NDArray[parameters.size()];
        try {
            for (int i = 0; i < parameters.size(); i++) {
                NDArray array = parameters.get(i).getArray();
                gradientArrays[i] = array.getGradient();
                values[i] = array.toByteBuffer(true).asFloatBuffer();
                gradients[i] = gradientArrays[i].toByteBuffer(true).asFloatBuffer();
            }
            ParallelChunks.forEach(chunks.size(), (worker, k) -> {
                Chunk chunk = chunks.get(k);
                update(chunk, values[chunk.parameter()], gradients[chunk.parameter()], worker, step, rate);
            });
        } finally {
            for (NDArray gradient : gradientArrays) {
                if (gradient != null) {
                    gradient.close();
                }
            }
        }
    }

    /** One chunk: its gradient in, zeroed; its values in, updated, out; {@code worker}'s scratch arrays in between. */
    private void update(Chunk chunk, FloatBuffer valueMemory, FloatBuffer gradientMemory, int worker, long step,
                        double rate) {
        int start = chunk.start();
        int n = chunk.length();
        float[] w = valueScratch[worker];
        float[] g = gradientScratch[worker];
        gradientMemory.get(start, g, 0, n);
        gradientMemory.put(start, ZEROS, 0, n);
        valueMemory.get(start, w, 0, n);
        if (adam) {
            OptimizerMath.adam(w, g, chunk.first(), chunk.second(), n, rate, weightDecay, step + 1);
        } else {
            OptimizerMath.sgd(w, g, chunk.first(), n, rate, momentum, weightDecay);
        }
        valueMemory.put(start, w, 0, n);
    }
}
