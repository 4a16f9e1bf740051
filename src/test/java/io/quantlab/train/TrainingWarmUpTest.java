package io.quantlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quantlab.data.Datasets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TrainingWarmUpTest {

    @Test
    void theWarmUpTrainsSixThousandSmallStepsOfFashionMnist() {
        Datasets datasets = new Datasets();
        assumeTrue(datasets.status().get(0).present(), "Fashion-MNIST is not installed");
        AtomicReference<TrainProgress> last = new AtomicReference<>();
        TrainResult result = new Trainer(datasets).run(TrainingWarmUp.config(), new TrainListener() {
            @Override
            public void progress(TrainProgress p) {
                if (TrainProgress.TRAINING.equals(p.phase())) {
                    last.set(p);
                }
            }

            @Override
            public boolean cancelRequested() {
                return false;
            }
        });

        assertEquals(TrainingWarmUp.STEPS, last.get().steps());
        assertEquals(TrainingWarmUp.STEPS, last.get().step());
        assertEquals(784 * 32 + 32 + 32 * 10 + 10, result.parameters());
        assertTrue(result.testAccuracy() > 70, "a real training run: " + result.testAccuracy());
    }
}
