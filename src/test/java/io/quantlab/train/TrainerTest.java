package io.quantlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.quantlab.InvalidInputException;
import io.quantlab.data.Dataset;
import io.quantlab.data.Datasets;
import io.quantlab.model.BlockBuilder;
import io.quantlab.model.ModelZoo;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Real training runs, short. Uses Fashion-MNIST when installed, else the synthetic set
 * (the thresholds below are stated for each).
 */
class TrainerTest {

    private static final Datasets DATASETS = new Datasets();
    private static final boolean FASHION = DATASETS.status().get(0).present();
    private static final String DATA = FASHION ? "fashion-mnist" : "synthetic";

    private final Trainer trainer = new Trainer(DATASETS);

    @Test
    void mlpLearnsFromSixThousandImagesInOneEpoch() {
        Recorder recorder = new Recorder();
        TrainResult result = trainer.run(config("mlp", 6000, 0), recorder);

        // one epoch on 6000 Fashion-MNIST images gives ~80%; on all 2000 synthetic ones ~69%
        double expected = FASHION ? 75 : 60;
        assertTrue(result.testAccuracy() >= expected, DATA + " accuracy " + result.testAccuracy());
        assertEquals(784 * 256 + 256 + 256 * 10 + 10, result.parameters());
        assertEquals(result.parameterBytes().length, result.sizeBytes());
        assertTrue(result.sizeBytes() > 4 * result.parameters(), "FP32 values plus names: " + result.sizeBytes());
        assertTrue(result.latencyMsBatch64() > 0 && result.latencyMsSingle() > 0);
        assertTrue(result.latencyMsSingle() < result.latencyMsBatch64());
        assertTrue(result.trainSeconds() > 0);

        long batches = (Math.min(6000, DATASETS.get(DATA).trainSize()) + 63) / 64;
        TrainProgress lastTraining = recorder.last(TrainProgress.TRAINING);
        assertEquals(batches, lastTraining.steps());
        assertEquals(batches, lastTraining.step());
        // running means over the epoch: better than guessing (10%, loss ln 10 = 2.3)
        assertTrue(lastTraining.accuracy() > 25 && lastTraining.loss() < 2.0, lastTraining.toString());
        assertEquals(result.testAccuracy(), recorder.last(TrainProgress.EVALUATING).accuracy(), 1e-9);
        assertEquals(List.of(TrainProgress.LOADING, TrainProgress.TRAINING, TrainProgress.EVALUATING,
                TrainProgress.MEASURING), recorder.phasesInOrder());
    }

    /** Each step's update waits for the next step; the last one waits for the end of the epoch. */
    @Test
    void theLastStepsUpdateIsInTheTrainedModel() {
        TrainConfig slow = config("mlp", 64, 5);
        TrainConfig fast = new TrainConfig(DATA, "mlp", 1, 64, 0.1, "adam", 0.9, 0, 64, 5);
        // one step each, from the same initial weights: only the update can tell them apart
        assertFalse(Arrays.equals(trainer.run(slow, TrainListener.NONE).parameterBytes(),
                trainer.run(fast, TrainListener.NONE).parameterBytes()));
    }

    @Test
    void sameSeedGivesTheSameModelAndAnotherSeedAnother() {
        TrainResult first = trainer.run(config("mlp", 2000, 7), null);
        TrainResult again = trainer.run(config("mlp", 2000, 7), null);
        TrainResult otherSeed = trainer.run(config("mlp", 2000, 8), null);

        assertEquals(first.testAccuracy(), again.testAccuracy());
        assertArrayEquals(first.parameterBytes(), again.parameterBytes());
        assertFalse(Arrays.equals(first.parameterBytes(), otherSeed.parameterBytes()));
    }

    @Test
    void twoJobsAtOnceTakeTurnsAndEachGetsWhatItWouldAlone() {
        TrainResult aloneA = trainer.run(config("mlp", 1500, 1), null);
        TrainResult aloneB = trainer.run(config("mlp", 1500, 2), null);

        CompletableFuture<TrainResult> a = CompletableFuture.supplyAsync(() -> trainer.run(config("mlp", 1500, 1), null));
        CompletableFuture<TrainResult> b = CompletableFuture.supplyAsync(() -> trainer.run(config("mlp", 1500, 2), null));

        assertArrayEquals(aloneA.parameterBytes(), a.join().parameterBytes());
        assertArrayEquals(aloneB.parameterBytes(), b.join().parameterBytes());
    }

    @Test
    void cancelStopsTheRunBetweenBatchesAndTheNextRunStillWorks() {
        Recorder recorder = new Recorder();
        recorder.cancelAfterTrainingSteps = 3;
        assertThrows(TrainingCancelledException.class, () -> trainer.run(config("mlp", 6000, 0), recorder));
        assertEquals(3, recorder.last(TrainProgress.TRAINING).step());
        assertFalse(recorder.phasesInOrder().contains(TrainProgress.EVALUATING));

        TrainResult next = trainer.run(config("mlp", 500, 0), null);
        assertTrue(next.testAccuracy() > 10);
    }

    @Test
    void smallCnnTrainsWithBatchNormAndReportsItsSize() {
        TrainConfig config = new TrainConfig("synthetic", "small-cnn", 1, 32, 0.001, "adam", 0.9, 0, 2000, 0);
        TrainResult result = trainer.run(config, null);
        // one epoch on the 2000 synthetic images gives ~86%; BatchNorm's running statistics must be in use
        assertTrue(result.testAccuracy() >= 60, "accuracy " + result.testAccuracy());
        assertEquals(ModelShapesCount.SMALL_CNN, result.parameters());
    }

    @Test
    void savedParametersLoadIntoAFreshBlockWithTheSameAccuracy() throws Exception {
        TrainResult result = trainer.run(new TrainConfig("synthetic", "mlp", 1, 64, 0.001, "sgd", 0.9, 1e-4, 2000, 3), null);
        Dataset data = DATASETS.get("synthetic");
        try (Model model = Model.newInstance("reloaded", Device.cpu(), "PyTorch")) {
            Block block = BlockBuilder.build(ModelZoo.build("mlp", 1, 28, 28, 10));
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 28, 28));
            block.loadParameters(model.getNDManager(), new DataInputStream(new ByteArrayInputStream(result.parameterBytes())));
            double accuracy = Evaluation.testAccuracy(block, model.getNDManager(), data, TrainListener.NONE);
            assertEquals(result.testAccuracy(), accuracy, 1e-9);
        }
    }

    @Test
    void invalidConfigIsRejectedBeforeAnythingLoads() {
        Recorder recorder = new Recorder();
        TrainConfig bad = new TrainConfig("synthetic", "mlp", 1, 0, 0.001, "adam", 0.9, 0, 100, 0);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> trainer.run(bad, recorder));
        assertEquals("batchSize", e.field());
        assertTrue(recorder.reports.isEmpty());
    }

    private static TrainConfig config(String model, int trainSubset, long seed) {
        return new TrainConfig(DATA, model, 1, 64, 0.001, "adam", 0.9, 0, trainSubset, seed);
    }

    /** Parameter counts written out by hand from the architecture. */
    private static final class ModelShapesCount {
        // conv 1*32*9 + BN 64, conv 32*64*9 + BN 128, conv 64*128*9 + BN 256, linear 2048*10 + 10
        static final long SMALL_CNN = 288 + 64 + 18432 + 128 + 73728 + 256 + 20490;
    }

    private static final class Recorder implements TrainListener {
        final List<TrainProgress> reports = new ArrayList<>();
        long cancelAfterTrainingSteps = Long.MAX_VALUE;

        @Override
        public void progress(TrainProgress p) {
            reports.add(p);
        }

        @Override
        public boolean cancelRequested() {
            TrainProgress training = last(TrainProgress.TRAINING);
            return training != null && training.step() >= cancelAfterTrainingSteps;
        }

        TrainProgress last(String phase) {
            TrainProgress found = null;
            for (TrainProgress p : reports) {
                if (p.phase().equals(phase)) {
                    found = p;
                }
            }
            return found;
        }

        List<String> phasesInOrder() {
            List<String> phases = new ArrayList<>();
            for (TrainProgress p : reports) {
                if (phases.isEmpty() || !phases.get(phases.size() - 1).equals(p.phase())) {
                    phases.add(p.phase());
                }
            }
            return phases;
        }
    }
}
