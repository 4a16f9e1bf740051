package io.quantlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.quantlab.data.Dataset;
import java.util.Arrays;

/** Inference measurements of a trained block: test accuracy and latency. */
public final class Evaluation {

    /** Test images per forward pass when measuring accuracy. */
    static final int EVAL_BATCH = 256;
    static final int WARM_UP_RUNS = 5;
    static final int TIMED_RUNS = 20;

    private Evaluation() {}

    /**
     * Top-1 accuracy in percent on the whole test split, in inference mode (BatchNorm uses its
     * running statistics). Reports phase "evaluating" to {@code listener} (may be null) and polls
     * its cancellation once per batch.
     */
    public static double testAccuracy(Block block, NDManager manager, Dataset data, TrainListener listener) {
        listener = listener == null ? TrainListener.NONE : listener;
        int total = data.testSize();
        long batches = (total + EVAL_BATCH - 1) / EVAL_BATCH;
        BatchBuffer buffer = new BatchBuffer(data, Math.min(EVAL_BATCH, total));
        ParameterStore parameters = new ParameterStore(manager, false);
        long correct = 0;
        try (NoGradient ignored = new NoGradient()) {
            for (int from = 0, batch = 0; from < total; from += EVAL_BATCH, batch++) {
                Trainer.checkCancelled(listener);
                int count = Math.min(EVAL_BATCH, total - from);
                try (NDManager scope = manager.newSubManager()) {
                    NDArray x = buffer.testImages(scope, from, count);
                    NDArray y = buffer.testLabels(scope, from, count);
                    NDArray logits = block.forward(parameters, new NDList(x), false).singletonOrThrow();
                    correct += logits.argMax(1).eq(y).countNonzero().getLong();
                }
                listener.progress(new TrainProgress(TrainProgress.EVALUATING, batch + 1, batches, Double.NaN,
                        100.0 * correct / (from + count)));
            }
        }
        return 100.0 * correct / total;
    }

    /**
     * Median wall-clock milliseconds of one forward pass on the first {@code batchSize} test images,
     * over {@value #TIMED_RUNS} runs after {@value #WARM_UP_RUNS} warm-up runs. Holds the
     * {@link TrainingLock} meanwhile, so other jobs' training does not share the CPU with the clock.
     */
    public static double latencyMs(Block block, NDManager manager, Dataset data, int batchSize) {
        int count = Math.min(batchSize, data.testSize());
        ParameterStore parameters = new ParameterStore(manager, false);
        double[] millis = new double[TIMED_RUNS];
        BatchBuffer buffer = new BatchBuffer(data, count);
        try (NoGradient ignored = new NoGradient()) {
            TrainingLock.run(() -> {
                for (int run = 0; run < WARM_UP_RUNS + TIMED_RUNS; run++) {
                    // a fresh scope per run: every layer's output lands in the input's manager
                    try (NDManager scope = manager.newSubManager()) {
                        NDList input = new NDList(buffer.testImages(scope, 0, count));
                        long start = System.nanoTime();
                        block.forward(parameters, input, false);
                        long end = System.nanoTime();
                        if (run >= WARM_UP_RUNS) {
                            millis[run - WARM_UP_RUNS] = (end - start) / 1e6;
                        }
                    }
                }
            });
        }
        Arrays.sort(millis);
        return (millis[TIMED_RUNS / 2 - 1] + millis[TIMED_RUNS / 2]) / 2;
    }
}
