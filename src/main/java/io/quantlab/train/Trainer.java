package io.quantlab.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.quantlab.data.Dataset;
import io.quantlab.data.Datasets;
import io.quantlab.model.BlockBuilder;
import io.quantlab.model.ModelSpec;
import io.quantlab.model.ModelZoo;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;

/**
 * Trains a zoo model on a data set on the CPU with DJL's PyTorch engine, then measures test
 * accuracy, latency and size. One call is one job: it owns one DJL model (and so one NDManager)
 * and closes it, also when cancelled or failing. Safe to call from several threads at once:
 * forward + backward passes take turns through {@link TrainingLock}.
 *
 * <p>Deterministic for a given config: the data order comes from {@code java.util.Random(seed)},
 * the initial weights from PyTorch's generator seeded under the lock, and each batch reseeds that
 * generator (for dropout) from (seed, step), so another job running meanwhile cannot shift it.
 */
public final class Trainer {

    private static final String ENGINE = "PyTorch";
    private static final int LATENCY_BATCH = 64;

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
        ModelSpec spec = ModelZoo.build(c.model(), data.channels(), data.height(), data.width(), data.classes());
        Random random = new Random(c.seed());
        int[] subset = shuffledPrefix(data.trainSize(), Math.min(c.trainSubset(), data.trainSize()), random);
        l.progress(new TrainProgress(TrainProgress.LOADING, 1, 1, Double.NaN, Double.NaN));

        try (Model model = Model.newInstance(spec.name(), Device.cpu(), ENGINE);
             NoGradient ignored = new NoGradient()) { // gradients only inside the collector
            model.setBlock(BlockBuilder.build(spec));
            double trainSeconds;
            try (ai.djl.training.Trainer trainer = model.newTrainer(trainingConfig(c))) {
                TrainingLock.run(() -> {
                    Engine.getEngine(ENGINE).setRandomSeed((int) c.seed());
                    trainer.initialize(new Shape(1, data.channels(), data.height(), data.width()));
                });
                long start = System.nanoTime();
                train(trainer, data, subset, c, random, l);
                trainSeconds = (System.nanoTime() - start) / 1e9;
            }
            Block block = model.getBlock();
            NDManager manager = model.getNDManager();
            double accuracy = Evaluation.testAccuracy(block, manager, data, l);
            l.progress(new TrainProgress(TrainProgress.MEASURING, 0, 2, Double.NaN, Double.NaN));
            checkCancelled(l);
            double batchMs = Evaluation.latencyMs(block, manager, data, LATENCY_BATCH);
            l.progress(new TrainProgress(TrainProgress.MEASURING, 1, 2, Double.NaN, Double.NaN));
            checkCancelled(l);
            double singleMs = Evaluation.latencyMs(block, manager, data, 1);
            l.progress(new TrainProgress(TrainProgress.MEASURING, 2, 2, Double.NaN, Double.NaN));
            byte[] parameterBytes = serialize(block);
            return new TrainResult(accuracy, batchMs, singleMs, parameterBytes.length, trainableParameters(block),
                    trainSeconds, parameterBytes);
        }
    }

    private static void train(ai.djl.training.Trainer trainer, Dataset data, int[] subset, TrainConfig c,
                              Random random, TrainListener listener) {
        int n = subset.length;
        int batchSize = Math.min(c.batchSize(), n);
        long batchesPerEpoch = (n + batchSize - 1) / batchSize;
        long steps = c.epochs() * batchesPerEpoch;
        BatchBuffer buffer = new BatchBuffer(data, batchSize);
        long step = 0;
        for (int epoch = 0; epoch < c.epochs(); epoch++) {
            if (epoch > 0) {
                shuffle(subset, random);
            }
            double lossSum = 0;
            long correct = 0;
            long seen = 0;
            for (int from = 0; from < n; from += batchSize) {
                checkCancelled(listener);
                int count = Math.min(batchSize, n - from);
                long batchSeed = c.seed() * 1_000_003L + step;
                try (NDManager scope = trainer.getManager().newSubManager()) {
                    // every array of the step lands in this scope and is freed with it
                    NDArray x = buffer.trainImages(scope, subset, from, count);
                    NDArray y = buffer.trainLabels(scope, subset, from, count);
                    NDList outputs = TrainingLock.call(() -> trainStep(trainer, x, y, batchSeed));
                    lossSum += outputs.get(1).getFloat() * count;
                    correct += outputs.get(0).argMax(1).eq(y).countNonzero().getLong();
                }
                seen += count;
                step++;
                listener.progress(new TrainProgress(TrainProgress.TRAINING, step, steps, lossSum / seen,
                        100.0 * correct / seen));
            }
        }
    }

    /** Forward, backward, update; returns (logits, loss). Runs under the {@link TrainingLock}. */
    private static NDList trainStep(ai.djl.training.Trainer trainer, NDArray x, NDArray y, long batchSeed) {
        Engine.getEngine(ENGINE).setRandomSeed((int) (batchSeed ^ (batchSeed >>> 31)) & Integer.MAX_VALUE);
        NDArray logits;
        NDArray loss;
        try (GradientCollector collector = trainer.newGradientCollector()) {
            logits = trainer.forward(new NDList(x)).singletonOrThrow();
            loss = trainer.getLoss().evaluate(new NDList(y), new NDList(logits));
            collector.backward(loss);
        }
        trainer.step();
        return new NDList(logits, loss);
    }

    private static DefaultTrainingConfig trainingConfig(TrainConfig c) {
        Tracker rate = Tracker.fixed((float) c.learningRate());
        Optimizer optimizer = TrainConfig.SGD.equals(c.optimizer())
                ? Optimizer.sgd().setLearningRateTracker(rate).optMomentum((float) c.momentum())
                        .optWeightDecays((float) c.weightDecay()).build()
                : Optimizer.adam().optLearningRateTracker(rate)
                        .optWeightDecays((float) c.weightDecay()).build();
        return new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(optimizer)
                .optDevices(new Device[] {Device.cpu()});
    }

    static void checkCancelled(TrainListener listener) {
        if (listener.cancelRequested()) {
            throw new TrainingCancelledException();
        }
    }

    /** The first {@code count} of a random permutation of 0..size-1. */
    private static int[] shuffledPrefix(int size, int count, Random random) {
        int[] all = new int[size];
        for (int i = 0; i < size; i++) {
            all[i] = i;
        }
        shuffle(all, random);
        int[] prefix = new int[count];
        System.arraycopy(all, 0, prefix, 0, count);
        return prefix;
    }

    /** Fisher–Yates. */
    private static void shuffle(int[] values, Random random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
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
