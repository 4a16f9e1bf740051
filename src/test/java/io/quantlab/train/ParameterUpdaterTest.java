package io.quantlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ParameterUpdaterTest {

    private static final String ENGINE = "PyTorch";

    @Test
    void anUpdateLeftForLaterWaitsForFlushAndThenGivesWhatAnImmediateOneGives() {
        for (String optimizer : new String[] {TrainConfig.ADAM, TrainConfig.SGD}) {
            float[] immediate = threeSteps(optimizer, false);
            float[] deferred = threeSteps(optimizer, true);
            assertArrayEquals(immediate, deferred, optimizer);
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
