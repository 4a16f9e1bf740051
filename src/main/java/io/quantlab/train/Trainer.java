package io.quantlab.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import io.quantlab.data.Augmentation;
import io.quantlab.data.Dataset;
import io.quantlab.data.Datasets;
import io.quantlab.data.Subsets;
import io.quantlab.model.BlockBuilder;
import io.quantlab.model.ModelSpec;
import io.quantlab.model.ModelZoo;
import io.quantlab.torch.TorchThread;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;

/**
 * Trains a zoo model on a data set on the CPU with DJL's PyTorch engine, then measures it (test
 * accuracy, confusion matrix, latency, per-layer histograms, early exits). One call is one job: it
 * owns one DJL model (and so one NDManager) and closes it, also when cancelled or failing. Safe to
 * call from several threads at once: every forward (+ backward) pass runs on the
 * {@link TorchThread}, in turn with other jobs'.
 *
 * <p>Deterministic for a given config: the data order and the validation split come from
 * {@code java.util.Random(seed)}, the initial weights from PyTorch's generator seeded on the
 * TorchThread, and each batch reseeds that generator (for dropout) from (seed, step), so another job
 * running meanwhile cannot shift it.
 */
public final class Trainer {

    private static final int LATENCY_BATCH = 64;
    private static final int LATENCY_RUNS_BATCH = 20;
    private static final int LATENCY_RUNS_SINGLE = 50;
    /**
     * Steps of a job queued on the TorchThread at once: the job thread writes the next batch
     * while they compute, and may be kept off the cores for a whole step without leaving the
     * TorchThread idle.
     */
    private static final int STEPS_QUEUED = 2;

    private final Datasets datasets;

    public Trainer(Datasets datasets) {
        this.datasets = datasets;
    }

    /**
     * Runs the whole job: load, train, evaluate, measure.
     *
     * @throws io.quantlab.InvalidInputException for a config out of range or a missing data set
     * @throws TrainingCancelledException when {@code listener.cancelRequested()} turned true
     */
    public TrainResult run(TrainConfig config, TrainListener listener) {
        TrainConfig c = config.validated();
        TrainListener l = listener == null ? TrainListener.NONE : listener;
        l.progress(new TrainProgress(TrainProgress.LOADING, 0, 1, Double.NaN, Double.NaN));
        checkCancelled(l);
        Dataset data = datasets.get(c.dataset());
        ModelSpec spec = modelSpec(c, data);
        return run(c, data, spec, BlockBuilder.build(spec), l);
    }

    /** The one call into the model zoo: the model for this data set's shape and classes. */
    public static ModelSpec modelSpec(TrainConfig c, Dataset data) {
        return ModelZoo.build(c.model(), c.modelOptions(), data.channels(), data.height(), data.width(), data.classes());
    }

    /**
     * Trains {@code block} (built from {@code spec}, or by hand with {@code spec} null: then the
     * report has no layers and no MACs) with a validated config.
     */
    TrainResult run(TrainConfig c, Dataset data, ModelSpec spec, Block block, TrainListener l) {
        return trainNewModel(c, data, spec == null ? "custom" : spec.name(), block, l,
                (manager, run, trainSeconds) -> measure(c, data, spec, block, manager, run, trainSeconds, l));
    }

    /** What the caller of {@link #fineTune} reads from the trained block before its arrays are freed. */
    @FunctionalInterface
    public interface AfterTraining<R> {
        R apply(List<EpochStats> epochs, double trainSeconds);
    }

    /**
     * Fine-tunes {@code block} with the training loop of {@link #run(TrainConfig, TrainListener)}
     * (its data order, seeding, optimizer, schedule and progress), without the test pass and the
     * measuring: for quantization-aware training, whose block sets its own starting parameters
     * when it is initialized. {@code afterTraining} runs while the block's arrays are still alive;
     * they are freed when this returns.
     *
     * @throws io.quantlab.InvalidInputException for a config out of range
     * @throws TrainingCancelledException when {@code listener.cancelRequested()} turned true
     */
    public static <R> R fineTune(TrainConfig config, Dataset data, String name, Block block, TrainListener listener,
                                 AfterTraining<R> afterTraining) {
        TrainListener l = listener == null ? TrainListener.NONE : listener;
        return trainNewModel(config.validated(), data, name, block, l,
                (manager, run, trainSeconds) -> afterTraining.apply(run.epochs(), trainSeconds));
    }

    private interface Finish<R> {
        R apply(NDManager manager, Run run, double trainSeconds);
    }

    /** Initializes and trains {@code block} in a model of its own; {@code finish} reads it before the model closes. */
    private static <R> R trainNewModel(TrainConfig c, Dataset data, String name, Block block, TrainListener l,
                                       Finish<R> finish) {
        Random random = new Random(c.seed());
        int[] subset = Subsets.shuffledPrefix(data.trainSize(), Math.min(c.trainSubset(), data.trainSize()), random);
        ValidationSplit split = ValidationSplit.of(subset, c.validationSplit());
        l.progress(new TrainProgress(TrainProgress.LOADING, 1, 1, Double.NaN, Double.NaN));

        try (Model model = Model.newInstance(name, Device.cpu(), Learner.ENGINE)) {
            model.setBlock(block);
            int batchSize = Math.min(c.batchSize(), split.train().length);
            long batchesPerEpoch = (split.train().length + batchSize - 1) / batchSize;
            Run run;
            long start;
            Shape input = new Shape(1, data.channels(), data.height(), data.width());
            try (Learner learner = Learner.start(model, c, input, batchesPerEpoch)) {
                start = System.nanoTime();
                run = train(learner, block, data, split, batchSize, c, random, l);
            }
            return finish.apply(model.getNDManager(), run, (System.nanoTime() - start) / 1e9);
        }
    }

    /** The test pass, latencies and per-layer report of a trained block. */
    private static TrainResult measure(TrainConfig c, Dataset data, ModelSpec spec, Block block, NDManager manager,
                                       Run run, double trainSeconds, TrainListener l) {
        Evaluation.TestResults test = Evaluation.testPass(block, manager, data, c.earlyExitThreshold(), l);
        l.progress(new TrainProgress(TrainProgress.MEASURING, 0, 3, Double.NaN, Double.NaN));
        checkCancelled(l);
        LatencyStats batch = Evaluation.latency(block, manager, data, LATENCY_BATCH, LATENCY_RUNS_BATCH);
        l.progress(new TrainProgress(TrainProgress.MEASURING, 1, 3, Double.NaN, Double.NaN));
        checkCancelled(l);
        LatencyStats single = Evaluation.latency(block, manager, data, 1, LATENCY_RUNS_SINGLE);
        l.progress(new TrainProgress(TrainProgress.MEASURING, 2, 3, Double.NaN, Double.NaN));
        LayerInspector inspector = new LayerInspector(spec, block);
        List<LayerReport> layers = inspector.layers(manager, data, l);
        l.progress(new TrainProgress(TrainProgress.MEASURING, 3, 3, Double.NaN, Double.NaN));

        EarlyExitReport earlyExit = test.earlyExit() == null ? null
                : test.earlyExit().report(inspector.macsOfOutput(1), inspector.macsOfAllNodes());
        int threads = TorchThread.call(JniUtils::getNumThreads);
        TrainReport report = new TrainReport(run.epochs(), test.confusion().perClassAccuracy(),
                test.confusion().counts(), batch, single, threads, inspector.macs(), layers, earlyExit,
                run.stoppedEarlyAfterEpoch());
        byte[] parameterBytes = serialize(block);
        return new TrainResult(test.confusion().accuracy(), batch.medianMs(), single.medianMs(),
                parameterBytes.length, trainableParameters(block), trainSeconds, parameterBytes, report);
    }

    /** What the training loop produced besides the weights. */
    private record Run(List<EpochStats> epochs, Integer stoppedEarlyAfterEpoch) {}

    private static Run train(Learner learner, Block block, Dataset data, ValidationSplit split, int batchSize,
                             TrainConfig c, Random random, TrainListener listener) {
        int[] order = split.train();
        int n = order.length;
        long batchesPerEpoch = (n + batchSize - 1) / batchSize;
        long steps = c.epochs() * batchesPerEpoch;
        // one per queued step, and one more for the batch being written
        BatchBuffer[] buffers = new BatchBuffer[STEPS_QUEUED + 1];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = new BatchBuffer(data, batchSize);
        }
        EarlyStopping stopping = new EarlyStopping(c.earlyStoppingPatience());
        List<EpochStats> epochs = new ArrayList<>();
        // its own stream, so augmenting or not leaves the data order unchanged
        Random augmentation = new Random(c.seed() * 31 + 17);
        long step = 0;
        StepTally tally = new StepTally(listener, steps);
        Deque<InFlight> computing = new ArrayDeque<>();
        try {
            for (int epoch = 0; epoch < c.epochs(); epoch++) {
                if (epoch > 0) {
                    Subsets.shuffle(order, random);
                }
                double firstRate = learner.schedule().at(step);
                for (int from = 0; from < n; from += batchSize) {
                    checkCancelled(listener);
                    BatchBuffer buffer = buffers[(int) (step % buffers.length)];
                    computing.add(submit(learner, step, buffer, order, from, Math.min(batchSize, n - from), c,
                            augmentation));
                    step++;
                    if (computing.size() > STEPS_QUEUED) {
                        tally.add(computing.poll());
                    }
                }
                while (!computing.isEmpty()) {
                    tally.add(computing.poll());
                }
                TorchThread.run(learner::flush); // the epoch's last update, before validation reads the weights
                Double validation = split.validation().length == 0 ? null : Evaluation.accuracy(block,
                        learner.manager(), buffers[0], batchSize, split.validation(), listener);
                EpochStats stats = tally.endEpoch(epoch + 1, validation, firstRate);
                epochs.add(stats);
                listener.epochDone(stats);
                if (validation != null && stopping.shouldStop(validation) && epoch + 1 < c.epochs()) {
                    return new Run(epochs, epoch + 1);
                }
            }
            return new Run(epochs, null);
        } finally {
            for (InFlight queued : computing) {
                queued.finishQuietly(); // its batch must not be freed while it computes
            }
        }
    }

    /** Writes batch {@code order[from .. from+count)} to {@code buffer}; queues its step on the TorchThread. */
    private static InFlight submit(Learner learner, long step, BatchBuffer buffer, int[] order, int from, int count,
                                   TrainConfig c, Random augmentation) {
        // every array of the step lands in this scope and is freed with it
        NDManager scope = learner.manager().newSubManager();
        try {
            NDArray x = trainImages(buffer, scope, order, from, count, c, augmentation);
            int[] labels = buffer.trainLabelValues(order, from, count);
            NDArray y = buffer.trainLabels(scope, labels);
            return new InFlight(count, TorchThread.submit(() -> {
                try {
                    return learner.step(step, x, y, labels);
                } finally {
                    scope.close(); // frees the step's activations at once, not when the job thread gets to it
                }
            }));
        } catch (RuntimeException e) {
            scope.close();
            throw e;
        }
    }

    /** A queued training step of {@code count} images. */
    private record InFlight(int count, TorchThread.Pending<Learner.StepResult> result) {
        Learner.StepResult finish() {
            return result.await();
        }

        void finishQuietly() {
            try {
                finish();
            } catch (RuntimeException ignored) {
                // the job already fails or is cancelled for another reason
            }
        }
    }

    /** Loss and accuracy of the current epoch's finished steps, reported to the listener step by step. */
    private static final class StepTally {
        private final TrainListener listener;
        private final long steps;
        private long finished;
        private double lossSum;
        private long correct;
        private long seen;

        StepTally(TrainListener listener, long steps) {
            this.listener = listener;
            this.steps = steps;
        }

        void add(InFlight step) {
            Learner.StepResult result = step.finish();
            lossSum += result.loss() * step.count();
            correct += result.correct();
            seen += step.count();
            finished++;
            listener.progress(new TrainProgress(TrainProgress.TRAINING, finished, steps, lossSum / seen,
                    100.0 * correct / seen));
        }

        EpochStats endEpoch(int epoch, Double validation, double firstRate) {
            EpochStats stats = new EpochStats(epoch, lossSum / seen, 100.0 * correct / seen, validation, firstRate);
            lossSum = 0;
            correct = 0;
            seen = 0;
            return stats;
        }
    }

    /** One training batch, augmented (random crop with padding, flip) when the config asks for it. */
    private static NDArray trainImages(BatchBuffer buffer, NDManager scope, int[] order, int from, int count,
                                       TrainConfig c, Random augmentation) {
        return buffer.trainImages(scope, order, from, count,
                c.augment() ? Augmentation.standard() : Augmentation.NONE, augmentation);
    }

    /** How many rows of {@code logits} ([labels.length, classes], row-major) have their largest score at the label. */
    static long correct(float[] logits, int[] labels) {
        int classes = logits.length / labels.length;
        long correct = 0;
        for (int row = 0; row < labels.length; row++) {
            int best = 0;
            for (int k = 1; k < classes; k++) {
                if (logits[row * classes + k] > logits[row * classes + best]) {
                    best = k;
                }
            }
            if (best == labels[row]) {
                correct++;
            }
        }
        return correct;
    }

    static void checkCancelled(TrainListener listener) {
        if (listener.cancelRequested()) {
            throw new TrainingCancelledException();
        }
    }

    static long trainableParameters(Block block) {
        return block.getParameters().values().stream()
                .filter(Parameter::requiresGradient)
                .mapToLong(p -> p.getArray().getShape().size())
                .sum();
    }

    private static byte[] serialize(Block block) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize parameters", e);
        }
        return bytes.toByteArray();
    }
}
