package io.quantlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.train.TrainConfig;
import io.quantlab.train.TrainListener;
import io.quantlab.train.TrainProgress;
import io.quantlab.train.TrainResult;
import io.quantlab.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: a CIFAR-10-format folder written here trains through the real Trainer. */
class CifarTrainingTest {

    @TempDir
    Path dir;

    @Test
    void tinyCifar10FolderTrainsAnMlpOnThreeChannelImages() throws IOException {
        // 4 batches of 80 + 100 test images; every class has its own colour, so it is learnable
        DatasetFiles.writeCifar10(dir.resolve("datasets").resolve("tiny-cifar"), 4, 80, 100);
        Trainer trainer = new Trainer(new Datasets(dir.resolve("no-fashion"), dir.resolve("datasets")));
        List<TrainProgress> progress = new ArrayList<>();

        TrainResult result = trainer.run(TrainConfig.defaults("tiny-cifar", "mlp"), new TrainListener() {
            @Override
            public void progress(TrainProgress p) {
                progress.add(p);
            }

            @Override
            public boolean cancelRequested() {
                return false;
            }
        });

        List<TrainProgress> training = progress.stream().filter(p -> p.phase().equals(TrainProgress.TRAINING)).toList();
        assertEquals(5, training.size()); // 320 images at batch 64
        assertTrue(Double.isFinite(training.get(4).loss()), training.toString());
        // 784 inputs would mean a grayscale model: 3 x 32 x 32 = 3072 inputs into the first layer
        assertTrue(result.parameters() > 3072 * 10, "parameters " + result.parameters());
        assertTrue(result.testAccuracy() > 30, "accuracy " + result.testAccuracy() + " (chance is 10)");
    }
}
