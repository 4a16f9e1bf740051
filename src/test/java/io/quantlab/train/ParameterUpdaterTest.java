package io.quantlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.quantlab.model.BlockBuilder;
import io.quantlab.model.ModelZoo;
import io.quantlab.torch.TorchThread;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ParameterUpdaterTest {

    private static final String ENGINE = "PyTorch";

    static List<String> models() {
        return ModelZoo.names();
    }

    @Test
    void anUpdateLeftForLaterWaitsForFlushAndThenGivesWhatAnImmediateOneGives() {
        for (String optimizer : new String[] {TrainConfig.ADAM, TrainConfig.SGD}) {
            float[] immediate = threeSteps(optimizer, false);
            float[] deferred = threeSteps(optimizer, true);
            assertArrayEquals(immediate, deferred, optimizer);
        }
    }

    /**
     * The update reads and writes the engine's memory of each value and gradient in place, chunk
     * by chunk, on two threads: for every zoo model (convolutions, depthwise ones,
     * batch norm, parameters of many chunks) the values must come out as one plain pass of the
     * optimizer over whole arrays gives, and every gradient must be zero after.
     */
    @ParameterizedTest
    @MethodSource("models")
    void anUpdateInPlaceEqualsOnePassOverWholeArraysAndZeroesTheGradients(String name) {
        TrainConfig d = TrainConfig.defaults("fashion-mnist", name);
        TrainConfig c = new TrainConfig(d.dataset(), d.model(), 1, 8, 0.01, TrainConfig.ADAM, 0.9, 0.001,
                TrainConfig.WHOLE_TRAINING_SET, 0);
        try (Model model = Model.newInstance(name, Device.cpu(), ENGINE)) {
            model.setBlock(BlockBuilder.build(ModelZoo.build(name, 1, 28, 28, 10)));
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(new SummedCrossEntropyLoss()))) {
                TorchThread.run(() -> {
                    Engine.getEngine(ENGINE).setRandomSeed(3);
                    trainer.initialize(new Shape(8, 1, 28, 28));
                    NDManager manager = trainer.getManager();
                    NDArray images = manager.randomNormal(new Shape(8, 1, 28, 28));
                    NDArray labels = manager.create(new long[] {0, 1, 2, 3, 4, 5, 6, 7});
                    ParameterUpdater updater = new ParameterUpdater(model.getBlock(), c);
                    List<NDArray> arrays = new ArrayList<>();
                    // per parameter: the values, first and second moments of a plain pass over whole arrays
                    List<float[][]> expected = new ArrayList<>();
                    int largest = 0;
                    for (int step = 0; step < 2; step++) {
                        try (GradientCollector collector = trainer.newGradientCollector()) {
                            NDList outputs = trainer.forward(new NDList(images));
                            collector.backward(trainer.getLoss().evaluate(new NDList(labels), outputs));
                        }
                        int i = 0;
                        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                            if (!p.getValue().requiresGradient()) {
                                continue;
                            }
                            NDArray array = p.getValue().getArray();
                            int size = (int) array.size();
                            if (step == 0) {
                                arrays.add(array);
                                expected.add(new float[][] {array.toFloatArray(), new float[size], new float[size]});
                                largest = Math.max(largest, size);
                            }
                            float[][] plain = expected.get(i++);
                            OptimizerMath.adam(plain[0], array.getGradient().toFloatArray(), plain[1], plain[2], size,
                                    0.01, 0.001, step + 1);
                        }
                        updater.update(step, 0.01);
                        for (int k = 0; k < arrays.size(); k++) {
                            assertArrayEquals(expected.get(k)[0], arrays.get(k).toFloatArray(), name + " values " + k);
                            float[] gradient = arrays.get(k).getGradient().toFloatArray();
                            assertArrayEquals(new float[gradient.length], gradient, name + " gradient " + k);
                        }
                    }
                    assertTrue(largest > ParameterUpdater.CHUNK, name + " has a parameter of several chunks");
                });
            }
        }
    }

    /** The weights after three steps on fixed data, updating at once or via updateLater and flush. */
    private static float[] threeSteps(String optimizer, boolean later) {
        TrainConfig d = TrainConfig.defaults("fashion-mnist", "mlp");
        TrainConfig c = new TrainConfig(d.dataset(), d.model(), 1, 8, 0.01, optimizer, 0.9, 0.001,
                TrainConfig.WHOLE_TRAINING_SET, 0);
        try (Model model = Model.newInstance("updater", Device.cpu(), ENGINE)) {
            model.setBlock(Linear.builder().setUnits(3).build());
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(new SummedCrossEntropyLoss()))) {
                Engine.getEngine(ENGINE).setRandomSeed(7);
                trainer.initialize(new Shape(8, 5));
                NDManager manager = trainer.getManager();
                NDArray images = manager.randomNormal(new Shape(8, 5));
                NDArray labels = manager.create(new long[] {0, 1, 2, 0, 1, 2, 0, 1});
                NDArray weight = model.getBlock().getParameters().get("weight").getArray();
                ParameterUpdater updater = new ParameterUpdater(model.getBlock(), c);
                for (int step = 0; step < 3; step++) {
                    if (later) {
                        updater.flush();
                    }
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDList outputs = trainer.forward(new NDList(images));
                        collector.backward(trainer.getLoss().evaluate(new NDList(labels), outputs));
                    }
                    if (later) {
                        float[] before = weight.toFloatArray();
                        updater.updateLater(step, c.learningRate());
                        assertArrayEquals(before, weight.toFloatArray(), "nothing changes before flush");
                    } else {
                        updater.update(step, c.learningRate());
                    }
                }
                float[] beforeFlush = weight.toFloatArray();
                updater.flush();
                if (later) {
                    assertFalse(Arrays.equals(beforeFlush, weight.toFloatArray()), "flush applies the last update");
                }
                float[] after = weight.toFloatArray();
                updater.flush();
                assertArrayEquals(after, weight.toFloatArray(), "nothing is left for a second flush");
                return after;
            }
        }
    }
}
