package io.quantlab.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import io.quantlab.torch.TorchThread;

/**
 * One job's training step, and what it keeps from step to step: the DJL trainer of the model's
 * block (loss, gradient collector, manager), the optimizer with its state, and the learning rate
 * of every step. The {@link Trainer} runs its steps; a test can load given weights into the
 * block after {@link #start} and feed given batches (TrainingStepParityTest).
 */
final class Learner implements AutoCloseable {

    static final String ENGINE = "PyTorch";

    private final ai.djl.training.Trainer trainer;
    private final ParameterUpdater updater;
    private final LearningRateSchedule schedule;
    private final long seed;

    private Learner(ai.djl.training.Trainer trainer, ParameterUpdater updater, LearningRateSchedule schedule,
                    long seed) {
        this.trainer = trainer;
        this.updater = updater;
        this.schedule = schedule;
        this.seed = seed;
    }

    /**
     * Initializes {@code model}'s block for images of {@code inputShape} ([1, C, H, W]) from the
     * engine's generator seeded with the config's seed, on the TorchThread, for a validated config
     * whose epochs have {@code stepsPerEpoch} steps.
     */
    static Learner start(Model model, TrainConfig c, Shape inputShape, long stepsPerEpoch) {
        ai.djl.training.Trainer trainer = model.newTrainer(new DefaultTrainingConfig(new SummedCrossEntropyLoss()));
        try {
            TorchThread.run(() -> {
                Engine.getEngine(ENGINE).setRandomSeed((int) c.seed());
                trainer.initialize(inputShape);
            });
            return new Learner(trainer, new ParameterUpdater(model.getBlock(), c),
                    LearningRateSchedule.of(c, stepsPerEpoch), c.seed());
        } catch (RuntimeException e) {
            trainer.close();
            throw e;
        }
    }

    /** The summed loss of a batch (over all outputs) and how many of its images output 0 got right. */
    record StepResult(float loss, long correct) {}

    /**
     * Step {@code step} (0 for the first) on images {@code x} with labels {@code y}
     * ({@code labels} as Java values): the previous step's update, then forward and backward; this
     * step's update at its scheduled rate waits for the next step or {@link #flush()}
     * ({@link ParameterUpdater#updateLater}). Until then the parameters hold this step's
     * gradients. Runs on the {@link TorchThread}.
     */
    StepResult step(long step, NDArray x, NDArray y, int[] labels) {
        updater.flush(); // the previous step's update
        long batchSeed = seed * 1_000_003L + step;
        Engine.getEngine(ENGINE).setRandomSeed((int) (batchSeed ^ (batchSeed >>> 31)) & Integer.MAX_VALUE);
        NDList outputs;
        NDArray loss;
        try (GradientCollector collector = trainer.newGradientCollector()) {
            outputs = trainer.forward(new NDList(x));
            loss = trainer.getLoss().evaluate(new NDList(y), outputs);
            collector.backward(loss);
        }
        updater.updateLater(step, schedule.at(step));
        return new StepResult(loss.getFloat(), Trainer.correct(outputs.get(0).toFloatArray(), labels));
    }

    /** The last step's update, if it still waits: before anything reads the parameters. On the TorchThread. */
    void flush() {
        updater.flush();
    }

    LearningRateSchedule schedule() {
        return schedule;
    }

    /** The trainer's manager: each step's arrays belong in a sub-manager of it. */
    NDManager manager() {
        return trainer.getManager();
    }

    @Override
    public void close() {
        trainer.close();
    }
}
