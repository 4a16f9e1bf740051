package io.quantlab.ptq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.data.Dataset;
import io.quantlab.data.Datasets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CalibrationImagesTest {

    private static final Datasets DATASETS = new Datasets();
    private static final Dataset DATA = DATASETS.get(DATASETS.status().get(0).present() ? "fashion-mnist" : "synthetic");

    @Test
    void everyCalibrationBatchHoldsEveryClassAlike() {
        int[] images = Calibration.calibrationImages(DATA, 10, 0);
        assertEquals(10 * PtqConfig.BATCH, images.length);
        assertEquals(images.length, Arrays.stream(images).distinct().count());
        for (int from = 0; from < images.length; from += PtqConfig.BATCH) {
            int[] perClass = new int[DATA.classes()];
            for (int i = from; i < from + PtqConfig.BATCH; i++) {
                perClass[DATA.trainLabels()[images[i]]]++;
            }
            int fewest = Arrays.stream(perClass).min().orElseThrow();
            int most = Arrays.stream(perClass).max().orElseThrow();
            assertTrue(most - fewest <= 1, "batch at " + from + ": " + Arrays.toString(perClass));
        }
    }

    @Test
    void theSeedFixesTheSubset() {
        assertArrayEquals(Calibration.calibrationImages(DATA, 2, 7), Calibration.calibrationImages(DATA, 2, 7));
        assertFalse(Arrays.equals(Calibration.calibrationImages(DATA, 2, 7), Calibration.calibrationImages(DATA, 2, 8)));
    }
}
