package io.quantlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.quantlab.data.Augmentation;
import io.quantlab.data.Dataset;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchBufferTest {

    private static final float[] MEAN = {0.25f, 0.5f};
    private static final float[] STD = {0.5f, 0.25f};

    /** Six 2-channel 4×4 images: image k, channel c, pixel i holds 10k + 40c + i. */
    private static Dataset data() {
        byte[] pixels = new byte[6 * 32];
        for (int k = 0; k < 6; k++) {
            for (int c = 0; c < 2; c++) {
                for (int i = 0; i < 16; i++) {
                    pixels[k * 32 + c * 16 + i] = (byte) (10 * k + 40 * c + i);
                }
            }
        }
        int[] labels = {0, 1, 2, 0, 1, 2};
        return new Dataset("tiny", 2, 4, 4, 3, pixels, labels, pixels.clone(), labels.clone(), MEAN, STD, null);
    }

    private static float normalized(int k, int c, int i) {
        return ((10 * k + 40 * c + i) / 255f - MEAN[c]) / STD[c];
    }

    @Test
    void batchesAreNormalizedPerChannelInTheRequestedOrder() {
        BatchBuffer buffer = new BatchBuffer(data(), 4);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            int[] order = {5, 2, 0, 4, 1, 3};
            for (int round = 0; round < 3; round++) { // the buffer is reused
                NDArray x = buffer.trainImages(manager, order, 2, 3);
                assertEquals(new Shape(3, 2, 4, 4), x.getShape());
                float[] values = x.toFloatArray();
                for (int b = 0; b < 3; b++) {
                    for (int c = 0; c < 2; c++) {
                        for (int i = 0; i < 16; i++) {
                            assertEquals(normalized(order[2 + b], c, i), values[b * 32 + c * 16 + i], 1e-6);
                        }
                    }
                }
                NDArray test = buffer.testImages(manager, 1, 2);
                assertEquals(normalized(2, 1, 7), test.toFloatArray()[32 + 16 + 7], 1e-6);
                assertArrayEquals(new long[] {0, 1}, buffer.trainLabels(manager, buffer.trainLabelValues(order, 2, 2)).toLongArray());
            }
        }
    }

    @Test
    void augmentationChangesTrainingBatchesOnlyAndRepeatsForTheSameSeed() {
        BatchBuffer buffer = new BatchBuffer(data(), 6);
        int[] order = {0, 1, 2, 3, 4, 5};
        Augmentation augmentation = new Augmentation(1, true);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            float[] plain = buffer.trainImages(manager, order, 0, 6).toFloatArray();
            float[] first = buffer.trainImages(manager, order, 0, 6, augmentation, new Random(5)).toFloatArray();
            float[] again = buffer.trainImages(manager, order, 0, 6, augmentation, new Random(5)).toFloatArray();
            float[] none = buffer.trainImages(manager, order, 0, 6, Augmentation.NONE, null).toFloatArray();
            assertArrayEquals(first, again);
            assertFalse(Arrays.equals(plain, first));
            assertArrayEquals(plain, none);
            // padding is a black pixel: -mean/std per channel
            float black0 = -MEAN[0] / STD[0];
            boolean padded = false;
            for (int b = 0; b < 6; b++) {
                for (int i = 0; i < 16; i++) {
                    padded |= first[b * 32 + i] == black0;
                }
            }
            assertEquals(true, padded);
        }
    }
}
