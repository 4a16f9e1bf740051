package io.quantlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AugmentationTest {

    private static final int C = 3;
    private static final int H = 5;
    private static final int W = 6;
    private static final float[] FILL = {-1.5f, -2.5f, -3.5f};

    /** Value of (c, y, x) is 100c + 10y + x: every pixel distinct. */
    private static float[] image(int offset) {
        float[] image = new float[offset + C * H * W];
        for (int c = 0; c < C; c++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    image[offset + (c * H + y) * W + x] = 100 * c + 10 * y + x;
                }
            }
        }
        return image;
    }

    private static float at(float[] image, int offset, int c, int y, int x) {
        return image[offset + (c * H + y) * W + x];
    }

    @Test
    void flipIsAnExactMirrorOfEveryRowOfEveryChannel() {
        float[] flipped = image(2);
        Augmentation.flip(flipped, 2, C, H, W);
        for (int c = 0; c < C; c++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    assertEquals(100 * c + 10 * y + (W - 1 - x), at(flipped, 2, c, y, x));
                }
            }
        }
        Augmentation.flip(flipped, 2, C, H, W);
        assertArrayEquals(image(2), flipped);
    }

    @Test
    void shiftMovesContentAndPadsWithTheBlackValueOfEachChannel() {
        for (int dy = -3; dy <= 3; dy++) {
            for (int dx = -3; dx <= 3; dx++) {
                float[] shifted = image(1);
                Augmentation.shift(shifted, 1, C, H, W, dy, dx, FILL);
                for (int c = 0; c < C; c++) {
                    for (int y = 0; y < H; y++) {
                        for (int x = 0; x < W; x++) {
                            int sy = y + dy;
                            int sx = x + dx;
                            float expected = sy >= 0 && sy < H && sx >= 0 && sx < W ? 100 * c + 10 * sy + sx : FILL[c];
                            assertEquals(expected, at(shifted, 1, c, y, x), "dy " + dy + " dx " + dx);
                        }
                    }
                }
                assertEquals(0, shifted[0]);
            }
        }
    }

    @Test
    void cropKeepsTheShapeAndIsTheSameForTheSameSeed() {
        Augmentation crop = new Augmentation(2, true);
        float[] a = image(0);
        float[] b = image(0);
        crop.apply(a, 0, C, H, W, FILL, new Random(42));
        crop.apply(b, 0, C, H, W, FILL, new Random(42));
        assertEquals(C * H * W, a.length);
        assertArrayEquals(a, b);

        // over many seeds: several different crops, each a shifted (maybe mirrored) copy of the original
        Set<String> seen = new HashSet<>();
        for (int seed = 0; seed < 60; seed++) {
            float[] out = image(0);
            crop.apply(out, 0, C, H, W, FILL, new Random(seed));
            seen.add(Arrays.toString(out));
            // the pixel values that survive come from the original image
            for (float v : out) {
                assertTrue(v == FILL[0] || v == FILL[1] || v == FILL[2] || (v >= 0 && v < 300), "value " + v);
            }
        }
        assertTrue(seen.size() > 20, "only " + seen.size() + " distinct crops");
    }

    @Test
    void noneLeavesImagesAloneAndDrawsNothing() {
        float[] image = image(0);
        Random random = new Random(1);
        Augmentation.NONE.apply(image, 0, C, H, W, FILL, random);
        assertArrayEquals(image(0), image);
        assertEquals(new Random(1).nextInt(), random.nextInt());
        assertTrue(Augmentation.NONE.isNone());
        assertFalse(Augmentation.standard().isNone());
    }

    @Test
    void standardPaddingFollowsTheImageSize() {
        Augmentation standard = Augmentation.standard();
        assertTrue(standard.horizontalFlip());
        assertEquals(4, standard.paddingFor(32, 32));
        assertEquals(2, standard.paddingFor(28, 28));
        assertEquals(8, standard.paddingFor(64, 64));
        assertEquals(3, new Augmentation(3, false).paddingFor(28, 28));
        assertEquals(4, new Augmentation(9, false).paddingFor(5, 6)); // never a whole side
        assertThrows(IllegalArgumentException.class, () -> new Augmentation(-2, true));
    }

    @Test
    void flipAloneMirrorsAboutHalfTheTime() {
        Augmentation flip = new Augmentation(0, true);
        int mirrored = 0;
        Random random = new Random(7);
        for (int i = 0; i < 1000; i++) {
            float[] out = image(0);
            flip.apply(out, 0, C, H, W, FILL, random);
            if (!Arrays.equals(out, image(0))) {
                mirrored++;
            }
        }
        assertTrue(mirrored > 430 && mirrored < 570, "mirrored " + mirrored);
    }
}
