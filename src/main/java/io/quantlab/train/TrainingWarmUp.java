package io.quantlab.train;

import io.quantlab.data.Datasets;
import io.quantlab.model.ModelZoo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a narrow MLP for a few thousand small batches when the server starts, unseen, so that
 * the JIT has compiled the training path before the first student's job needs it. HotSpot gives a
 * method its fully optimized code after about 5,000 calls, so a method called once per training
 * step gets it only after thousands of steps; until then the compiler threads take a core from
 * the training threads. On two cores a fresh JVM's first MLP epochs took 1.3–2.6× as long as its
 * later ones (bench/training/README.md).
 */
public final class TrainingWarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingWarmUp.class);
    /** A little past the ~5,000 calls after which HotSpot compiles a method with C2. */
    static final int STEPS = 6_000;
    static final int BATCH = 8;

    private TrainingWarmUp() {}

    /** The warm-up job: {@link #STEPS} Adam steps of batch {@link #BATCH}, hidden layer of 32. */
    static TrainConfig config() {
        TrainConfig d = TrainConfig.defaults(Datasets.DEFAULT_NAME, ModelZoo.MLP);
        return new TrainConfig(d.dataset(), d.model(), 1, BATCH, d.learningRate(), d.optimizer(), d.momentum(),
                d.weightDecay(), STEPS * BATCH, d.seed(), d.schedule(), d.stepEpochs(), d.stepGamma(),
                d.earlyStoppingPatience(), d.validationSplit(), d.augment(), Map.of("hidden", List.of(32)),
                d.earlyExitThreshold());
    }

    /** Runs the warm-up on the calling thread; returns how long it took. */
    public static Duration run(Trainer trainer) {
        long start = System.nanoTime();
        trainer.run(config(), TrainListener.NONE);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * Runs the warm-up on a daemon thread. Jobs submitted meanwhile train at once, taking turns
     * with it step by step. A failure (say, the data set is missing) is logged: the server works
     * without the warm-up, only its first jobs are slower.
     */
    public static void startInBackground(Trainer trainer) {
        Thread thread = new Thread(() -> {
            try {
                LOG.info("Training warm-up finished in {} ms", run(trainer).toMillis());
            } catch (RuntimeException e) {
                LOG.warn("Training warm-up skipped: {}", e.getMessage());
            }
        }, "training-warm-up");
        thread.setDaemon(true);
        thread.start();
    }
}
