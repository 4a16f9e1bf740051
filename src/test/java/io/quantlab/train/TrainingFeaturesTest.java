package io.quantlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.loss.Loss;
import io.quantlab.Json;
import io.quantlab.data.Dataset;
import io.quantlab.data.Datasets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Schedules, early stopping, the report and early exits on short real runs over the synthetic set. */
class TrainingFeaturesTest {

    private static final Datasets DATASETS = new Datasets();
    private final Trainer trainer = new Trainer(DATASETS);

    private static TrainConfig config(String model, int epochs, String schedule, int stepEpochs, double gamma,
                                      int patience, double validationSplit, long seed) {
        return new TrainConfig("synthetic", model, epochs, 64, 0.001, "adam", 0.9, 0, 2000, seed,
                schedule, stepEpochs, gamma, patience, validationSplit, false, Map.of(), 0.9);
    }

    @Test
    void earlyStoppingFiresOnAPlateauAndEpochsAreReportedLive() {
        // after epoch 1 the step schedule multiplies the rate by 1e-9: the weights freeze (an Adam step
        // of ~1e-12 is below a float's resolution), so validation accuracy stays flat
        List<EpochStats> live = new ArrayList<>();
        TrainListener listener = TrainListener.onEpochDone(live::add);
        TrainResult r = trainer.run(config("mlp", 10, "step", 1, 1e-9, 2, 0, 5), listener);

        TrainReport report = r.report();
        assertEquals(3, report.stoppedEarlyAfterEpoch());
        assertEquals(live, report.epochs());
        assertEquals(List.of(1, 2, 3), report.epochs().stream().map(EpochStats::epoch).toList());
        assertEquals(0.001, report.epochs().get(0).learningRate(), 1e-12);
        assertEquals(1e-12, report.epochs().get(1).learningRate(), 1e-18);
        Double first = report.epochs().get(0).validationAccuracy();
        assertNotNull(first);
        assertEquals(first, report.epochs().get(1).validationAccuracy());
        assertEquals(first, report.epochs().get(2).validationAccuracy());
        assertTrue(first > 30, "validated on 200 images (the default tenth): " + first);
    }

    @Test
    void withoutEarlyStoppingAllEpochsRunAndNoValidationIsMeasured() {
        TrainResult r = trainer.run(config("mlp", 2, "cosine", 10, 0.1, 0, 0, 5), null);
        assertNull(r.report().stoppedEarlyAfterEpoch());
        assertEquals(2, r.report().epochs().size());
        assertNull(r.report().epochs().get(1).validationAccuracy());
        // cosine per step over 2 × 32 batches: the second epoch starts at half the rate
        assertEquals(0.0005, r.report().epochs().get(1).learningRate(), 1e-12);
        assertTrue(r.report().epochs().get(1).trainLoss() < r.report().epochs().get(0).trainLoss());
    }

    @Test
    void sameSeedGivesTheSameRunToTheLastBitWithScheduleAndValidation() {
        TrainConfig c = config("mlp", 3, "cosine", 10, 0.1, 2, 0.2, 11);
        TrainResult first = trainer.run(c, null);
        TrainResult again = trainer.run(c, null);
        TrainResult other = trainer.run(config("mlp", 3, "cosine", 10, 0.1, 2, 0.2, 12), null);

        assertEquals(first.testAccuracy(), again.testAccuracy(), 0.01);
        assertEquals(first.report().epochs(), again.report().epochs());
        assertArrayEquals(first.parameterBytes(), again.parameterBytes());
        assertFalse(Arrays.equals(first.parameterBytes(), other.parameterBytes()));
    }

    @Test
    void reportOfASmallCnnHasConsistentCountsShapesMacsAndHistograms() {
        TrainConfig c = new TrainConfig("synthetic", "small-cnn", 1, 32, 0.001, "adam", 0.9, 0, 600, 0);
        TrainResult r = trainer.run(c, null);
        TrainReport report = r.report();
        Dataset data = DATASETS.get("synthetic");

        long[][] matrix = report.confusionMatrix();
        assertEquals(10, matrix.length);
        long total = 0;
        long diagonal = 0;
        for (int i = 0; i < 10; i++) {
            long row = Arrays.stream(matrix[i]).sum();
            total += row;
            diagonal += matrix[i][i];
            assertEquals(row == 0 ? 0 : 100.0 * matrix[i][i] / row, report.perClassAccuracy()[i], 1e-9);
        }
        assertEquals(data.testSize(), total);
        assertEquals(r.testAccuracy(), 100.0 * diagonal / total, 1e-9);

        assertEquals(20, report.latencyBatch64().runs());
        assertEquals(50, report.latencySingle().runs());
        assertTrue(report.latencyBatch64().p90Ms() >= report.latencyBatch64().medianMs());
        assertEquals(report.latencyBatch64().medianMs(), r.latencyMsBatch64());
        assertTrue(report.threads() >= 1);
        assertNull(report.earlyExit());

        // conv 32·28·28·1·9 + conv 64·14·14·32·9 + conv 128·7·7·64·9 + fc 2048·10
        assertEquals(225_792L + 3_612_672L + 3_612_672L + 20_480L, report.macs());
        List<String> names = report.layers().stream().map(LayerReport::name).toList();
        assertEquals(List.of("conv1", "bn1", "relu1", "pool1", "conv2", "bn2", "relu2", "pool2", "conv3", "bn3",
                "relu3", "avgpool", "flatten", "fc"), names);
        assertEquals(r.parameters(), report.layers().stream().mapToLong(LayerReport::parameters).sum());
        for (LayerReport layer : report.layers()) {
            long perImage = layer.outputShape().stream().mapToLong(Integer::longValue).reduce(1, (a, b) -> a * b);
            assertEquals(LayerInspector.ACTIVATION_IMAGES * perImage, layer.activations().total(), layer.name());
            assertEquals(Histogram.BINS, layer.activations().counts().length);
            if (layer.parameters() == 0) {
                assertNull(layer.weights(), layer.name());
            } else {
                assertEquals(layer.parameters(), layer.weights().total(), layer.name());
            }
        }
        // stored as JSON with the experiment: it reads back to the same JSON
        String json = Json.write(report);
        assertEquals(json, Json.write(Json.read(json, TrainReport.class)));

        LayerReport relu = report.layers().get(2);
        assertEquals(0, relu.activations().min()); // ReLU outputs are never negative, and some are 0
        assertEquals(List.of(32, 28, 28), relu.outputShape());
        assertEquals(225_792L, report.layers().get(0).macs());
    }

    @Test
    void summedLossIsTheCrossEntropyOfEachOutputAdded() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray labels = m.create(new long[] {0, 2});
            NDArray a = m.create(new float[] {2, 0, 0, 0, 1, 0}).reshape(2, 3);
            NDArray b = m.create(new float[] {0, 0, 3, 1, 1, 1}).reshape(2, 3);
            float summed = new SummedCrossEntropyLoss().evaluate(new NDList(labels), new NDList(a, b)).getFloat();
            float ceA = Loss.softmaxCrossEntropyLoss().evaluate(new NDList(labels), new NDList(a)).getFloat();
            float ceB = Loss.softmaxCrossEntropyLoss().evaluate(new NDList(labels), new NDList(b)).getFloat();
            assertEquals(ceA + ceB, summed, 1e-6);
            // by hand: mean over the two images of −log softmax at the label
            double expectedA = (-Math.log(Math.exp(2) / (Math.exp(2) + 2)) - Math.log(1 / (2 + Math.E))) / 2;
            assertEquals(expectedA, ceA, 1e-6);
        }
    }

    @Test
    void twoOutputBlockTrainsBothHeadsAndGetsAnEarlyExitReport() {
        // an early head after the first hidden layer, the main head one layer deeper
        SequentialBlock block = new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(64).build())
                .add(Activation.reluBlock())
                .add(new ParallelBlock(outputs -> new NDList(outputs.get(0).singletonOrThrow(),
                        outputs.get(1).singletonOrThrow()), List.of(
                        new SequentialBlock().add(Linear.builder().setUnits(64).build()).add(Activation.reluBlock())
                                .add(Linear.builder().setUnits(10).build()),
                        Linear.builder().setUnits(10).build())));
        TrainConfig c = new TrainConfig("synthetic", "mlp", 2, 64, 0.001, "adam", 0.9, 0, 2000, 4,
                "constant", 10, 0.1, 0, 0, false, Map.of(), 0.8).validated();
        TrainResult r = trainer.run(c, DATASETS.get("synthetic"), null, block, TrainListener.NONE);

        EarlyExitReport exit = r.report().earlyExit();
        assertNotNull(exit);
        assertEquals(0.8, exit.threshold());
        // each head alone well above guessing (10 %): the summed loss trained both
        assertTrue(exit.mainOnlyAccuracy() > 35, exit.toString());
        assertTrue(exit.earlyOnlyAccuracy() > 35, exit.toString());
        assertEquals(r.testAccuracy(), exit.mainOnlyAccuracy(), 1e-9);
        assertTrue(exit.exitShare() > 0 && exit.exitShare() < 1, exit.toString());
        // two cross-entropies: the first epoch's mean starts near 2·ln 10 and falls below one head's ln 10
        assertTrue(r.report().epochs().get(1).trainLoss() < Math.log(10), r.report().epochs().toString());
        assertTrue(r.report().layers().isEmpty());
    }

    @Test
    void augmentationTrainsDeterministicallyAndChangesWhatIsLearned() {
        TrainConfig plain = new TrainConfig("synthetic", "mlp", 1, 64, 0.001, "adam", 0.9, 0, 500, 3,
                "constant", 10, 0.1, 0, 0, false, Map.of(), 0.9);
        TrainConfig augmented = new TrainConfig("synthetic", "mlp", 1, 64, 0.001, "adam", 0.9, 0, 500, 3,
                "constant", 10, 0.1, 0, 0, true, Map.of(), 0.9);
        TrainResult a = trainer.run(augmented, TrainListener.NONE);
        TrainResult again = trainer.run(augmented, TrainListener.NONE);
        TrainResult b = trainer.run(plain, TrainListener.NONE);
        assertArrayEquals(a.parameterBytes(), again.parameterBytes(), "same seed, same augmented batches");
        assertFalse(java.util.Arrays.equals(a.parameterBytes(), b.parameterBytes()), "augmentation changed the batches");
    }

    @Test
    void earlyExitModelFromTheZooReportsTheCostOfExitingEarly() {
        TrainConfig c = new TrainConfig("synthetic", "early-exit-cnn", 1, 64, 0.001, "adam", 0.9, 0, 600, 0,
                "constant", 10, 0.1, 0, 0, false, Map.of(), 0.9);
        EarlyExitReport exit = trainer.run(c, TrainListener.NONE).report().earlyExit();
        assertNotNull(exit);
        assertTrue(exit.macsEarly() > 0 && exit.macsEarly() < exit.macsFull(), exit.toString());
        assertTrue(exit.averageMacs() >= exit.macsEarly() && exit.averageMacs() <= exit.macsFull(), exit.toString());
    }
}
