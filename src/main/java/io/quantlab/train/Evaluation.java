package io.quantlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.quantlab.data.Dataset;
import io.quantlab.torch.TorchThread;

/**
 * Inference measurements of a trained block: accuracy (test split or validation images), the
 * confusion matrix, early-exit tallies and latency. Every forward pass runs on the
 * {@link TorchThread}, batch by batch, between other jobs' training steps.
 */
public final class Evaluation {

    /** Test images per forward pass when measuring accuracy. */
    static final int EVAL_BATCH = 256;
    static final int WARM_UP_RUNS = 5;

    private Evaluation() {}

    /** One pass over the test split: the main output's confusion matrix, and early-exit tallies if the block has two or more outputs. */
    record TestResults(ConfusionMatrix confusion, EarlyExitCounter earlyExit) {}

    /**
     * Top-1 accuracy in percent of output 0 on the visible test images (see Dataset), in inference mode (BatchNorm
     * uses its running statistics). Reports phase "evaluating" to {@code listener} (may be null)
     * and polls its cancellation once per batch.
     */
    public static double testAccuracy(Block block, NDManager manager, Dataset data, TrainListener listener) {
        return testPass(block, manager, data, TrainConfig.DEFAULT_EARLY_EXIT_THRESHOLD, listener).confusion().accuracy();
    }

    /** Like {@link #testAccuracy} but keeps the confusion matrix and the early-exit tallies at {@code threshold}. */
    static TestResults testPass(Block block, NDManager manager, Dataset data, double threshold, TrainListener listener) {
        TrainListener l = listener == null ? TrainListener.NONE : listener;
        int total = data.testSize();
        int[] labels = data.testLabels();
        long batches = (total + EVAL_BATCH - 1) / EVAL_BATCH;
        BatchBuffer buffer = new BatchBuffer(data, Math.min(EVAL_BATCH, total));
        ParameterStore parameters = new ParameterStore(manager, false);
        ConfusionMatrix confusion = new ConfusionMatrix(data.classes());
        EarlyExitCounter earlyExit = null;
        for (int from = 0, batch = 0; from < total; from += EVAL_BATCH, batch++) {
            Trainer.checkCancelled(l);
            int count = Math.min(EVAL_BATCH, total - from);
            int start = from;
            Predictions p;
            try (NDManager scope = manager.newSubManager()) {
                p = TorchThread.call(() -> Predictions.of(
                        block.forward(parameters, new NDList(buffer.testImages(scope, start, count)), false)));
            }
            for (int i = 0; i < count; i++) {
                confusion.add(labels[from + i], p.main()[i]);
            }
            if (p.early() != null) {
                if (earlyExit == null) {
                    earlyExit = new EarlyExitCounter(threshold);
                }
                for (int i = 0; i < count; i++) {
                    earlyExit.add(labels[from + i], p.main()[i], p.early()[i], p.earlyConfidence()[i]);
                }
            }
            l.progress(new TrainProgress(TrainProgress.EVALUATING, batch + 1, batches, Double.NaN,
                    confusion.accuracy()));
        }
        return new TestResults(confusion, earlyExit);
    }

    /** Top-1 accuracy in percent of output 0 on the training images {@code indices} (a validation split). */
    static double accuracy(Block block, NDManager manager, BatchBuffer buffer, int batchSize, int[] indices,
                           TrainListener listener) {
        ParameterStore parameters = new ParameterStore(manager, false);
        long correct = 0;
        for (int from = 0; from < indices.length; from += batchSize) {
            Trainer.checkCancelled(listener);
            int count = Math.min(batchSize, indices.length - from);
            int start = from;
            try (NDManager scope = manager.newSubManager()) {
                correct += TorchThread.call(() -> {
                    NDArray x = buffer.trainImages(scope, indices, start, count);
                    float[] logits = block.forward(parameters, new NDList(x), false).get(0).toFloatArray();
                    return Trainer.correct(logits, buffer.trainLabelValues(indices, start, count));
                });
            }
        }
        return indices.length == 0 ? 0 : 100.0 * correct / indices.length;
    }

    /**
     * Wall-clock milliseconds of one forward pass on the first {@code batchSize} test images:
     * {@code timedRuns} runs after {@value #WARM_UP_RUNS} warm-up runs, each on the {@link TorchThread}, so no
     * other job's training shares the CPU with the clock.
     */
    public static LatencyStats latency(Block block, NDManager manager, Dataset data, int batchSize, int timedRuns) {
        int count = Math.min(batchSize, data.testSize());
        ParameterStore parameters = new ParameterStore(manager, false);
        double[] millis = new double[timedRuns];
        BatchBuffer buffer = new BatchBuffer(data, count);
        for (int run = 0; run < WARM_UP_RUNS + timedRuns; run++) {
            // a fresh scope per run: every layer's output lands in the input's manager
            try (NDManager scope = manager.newSubManager()) {
                NDList input = new NDList(buffer.testImages(scope, 0, count));
                double ms = TorchThread.call(() -> {
                    long start = System.nanoTime();
                    block.forward(parameters, input, false);
                    return (System.nanoTime() - start) / 1e6;
                });
                if (run >= WARM_UP_RUNS) {
                    millis[run - WARM_UP_RUNS] = ms;
                }
            }
        }
        return LatencyStats.of(millis);
    }

    /** Output 0's classes and, with two or more outputs, output 1's classes and top softmax probabilities. */
    private record Predictions(int[] main, int[] early, float[] earlyConfidence) {
        static Predictions of(NDList outputs) {
            int[] main = classes(outputs.get(0));
            if (outputs.size() < 2) {
                return new Predictions(main, null, null);
            }
            NDArray early = outputs.get(1);
            return new Predictions(main, classes(early), early.softmax(1).max(new int[] {1}).toFloatArray());
        }

        private static int[] classes(NDArray logits) {
            long[] longs = logits.argMax(1).toLongArray();
            int[] ints = new int[longs.length];
            for (int i = 0; i < longs.length; i++) {
                ints[i] = (int) longs[i];
            }
            return ints;
        }
    }
}
