package io.quantlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class NormalizationTest {

    private static final float[] MEAN = {0.4914f, 0.4822f, 0.4465f};
    private static final float[] STD = {0.2470f, 0.2435f, 0.2616f};

    /** Two 2×2 RGB images; image k, channel c, pixel i holds 60k + 20c + i * 50. */
    private static Dataset twoRgbImages() {
        byte[] pixels = new byte[2 * 12];
        for (int k = 0; k < 2; k++) {
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < 4; i++) {
                    pixels[k * 12 + c * 4 + i] = (byte) (60 * k + 20 * c + 50 * i);
                }
            }
        }
        return new Dataset("rgb", 3, 2, 2, 2, pixels, new int[] {0, 1}, pixels.clone(), new int[] {1, 0},
                MEAN, STD, null);
    }

    @Test
    void eachChannelIsScaledToUnitRangeThenNormalizedWithItsOwnMeanAndStd() {
        Dataset data = twoRgbImages();
        float[] out = new float[3 + 12];
        data.normalizedTrainImage(1, out, 3);
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 4; i++) {
                int p = 60 + 20 * c + 50 * i;
                assertEquals((p / 255f - MEAN[c]) / STD[c], out[3 + c * 4 + i], 1e-6, "channel " + c + " pixel " + i);
            }
        }
        assertEquals(0, out[0]); // nothing written before the offset
        data.normalizedTestImage(0, out, 0);
        assertEquals((50 / 255f - MEAN[0]) / STD[0], out[1], 1e-6);
    }

    @Test
    void blackPixelsNormalizeToMinusMeanOverStd() {
        float[] black = twoRgbImages().normalizedBlack();
        for (int c = 0; c < 3; c++) {
            assertEquals(-MEAN[c] / STD[c], black[c], 1e-6);
        }
    }

    @Test
    void statisticsOfTheTrainingPixelsArePerChannel() {
        // channel 0: 0 and 255 (mean 0.5, std 0.5); channel 1: constant 51 (mean 0.2, std 0 -> 1)
        byte[] pixels = {0, (byte) 255, 51, 51, (byte) 255, 0, 51, 51};
        float[][] stats = Dataset.channelStatistics(pixels, 2, 2);
        assertArrayEquals(new float[] {0.5f, 0.2f}, stats[0], 1e-6f);
        assertArrayEquals(new float[] {0.5f, 1f}, stats[1], 1e-6f);
    }

    @Test
    void theBuiltInsUseTheirDocumentedStatistics() {
        assertEquals(0.2860f, FashionMnist.MEAN);
        assertEquals(0.3530f, FashionMnist.STD);
        Dataset synthetic = SyntheticImages.generate();
        float[] image = new float[synthetic.imageSize()];
        double sum = 0;
        double squares = 0;
        for (int k = 0; k < synthetic.trainSize(); k++) {
            synthetic.normalizedTrainImage(k, image, 0);
            for (float v : image) {
                sum += v;
                squares += v * v;
            }
        }
        double n = (double) synthetic.trainSize() * synthetic.imageSize();
        assertEquals(0, sum / n, 1e-4);
        assertEquals(1, squares / n, 1e-4);
    }

    @Test
    void inconsistentShapesAreRefused() {
        byte[] pixels = new byte[12];
        assertThrows(IllegalArgumentException.class, () -> new Dataset("x", 3, 2, 2, 2, pixels, new int[] {0, 1},
                pixels, new int[] {0}, MEAN, STD, null));
        assertThrows(IllegalArgumentException.class, () -> new Dataset("x", 3, 2, 2, 2, pixels, new int[] {0},
                pixels, new int[] {0}, new float[] {0.5f}, new float[] {0.5f}, null));
        assertThrows(IllegalArgumentException.class, () -> new Dataset("x", 3, 2, 2, 2, pixels, new int[] {0},
                pixels, new int[] {0}, MEAN, new float[] {1, 0, 1}, null));
        assertThrows(IllegalArgumentException.class, () -> new Dataset("x", 3, 2, 2, 2, pixels, new int[] {0},
                pixels, new int[] {0}, MEAN, STD, List.of("only one")));
    }
}
