package io.quantlab.data;

import java.util.Arrays;
import java.util.Random;

/**
 * Training-time augmentation of one image: a random crop of the image padded by
 * {@code cropPadding} pixels on every side (torchvision's {@code RandomCrop(size, padding)}: the
 * image shifts by up to that many pixels each way), then a horizontal flip with probability ½
 * ({@code RandomHorizontalFlip}). The padding is black, as torchvision pads the raw image with 0
 * before normalizing: on normalized images that is {@code -mean[c] / std[c]} per channel (see
 * {@link Dataset#normalizedBlack()}), not 0. Test images are never augmented.
 *
 * @param cropPadding pixels of padding, 0 for no crop, or {@link #STANDARD_PADDING} to choose by
 *                    image size (see {@link #paddingFor})
 */
public record Augmentation(int cropPadding, boolean horizontalFlip) {

    /** Nothing: images pass unchanged. */
    public static final Augmentation NONE = new Augmentation(0, false);
    /** Marks "the usual padding for the image size". */
    public static final int STANDARD_PADDING = -1;

    public Augmentation {
        if (cropPadding < STANDARD_PADDING) {
            throw new IllegalArgumentException("cropPadding must be at least 0 (or STANDARD_PADDING); got " + cropPadding);
        }
    }

    /** The common recipe: flip, and a crop padded by 4 for 32×32 images (CIFAR), 2 for 28×28 (MNIST family). */
    public static Augmentation standard() {
        return new Augmentation(STANDARD_PADDING, true);
    }

    public boolean isNone() {
        return cropPadding == 0 && !horizontalFlip;
    }

    /**
     * The padding used for images of this size: {@code cropPadding}, or for {@link #standard()}
     * an eighth of the shorter side from 32 pixels on (4 for CIFAR, 8 for Tiny-ImageNet), 2 below
     * (28×28 digits and clothes sit centred with a margin of only a few pixels).
     * Never more than the side minus one.
     */
    public int paddingFor(int height, int width) {
        int side = Math.min(height, width);
        int padding = cropPadding != STANDARD_PADDING ? cropPadding : side >= 32 ? side / 8 : Math.min(2, side / 4);
        return Math.min(padding, side - 1);
    }

    /**
     * Augments the normalized CHW image at {@code image[offset ..]} in place. Draws from
     * {@code random} in a fixed order (vertical shift, horizontal shift, flip), so a seeded
     * {@code Random} gives the same images every run.
     *
     * @param fill per channel, the value of the padding (the normalized black pixel)
     */
    public void apply(float[] image, int offset, int channels, int height, int width, float[] fill, Random random) {
        int padding = paddingFor(height, width);
        if (padding > 0) {
            // the crop window's corner in the padded image is (padding + dy, padding + dx)
            int dy = random.nextInt(2 * padding + 1) - padding;
            int dx = random.nextInt(2 * padding + 1) - padding;
            shift(image, offset, channels, height, width, dy, dx, fill);
        }
        if (horizontalFlip && random.nextBoolean()) {
            flip(image, offset, channels, height, width);
        }
    }

    /** out(y, x) = in(y + dy, x + dx), or {@code fill} where that lies outside the image. */
    static void shift(float[] image, int offset, int channels, int height, int width, int dy, int dx, float[] fill) {
        if (dy == 0 && dx == 0) {
            return;
        }
        int plane = height * width;
        int x0 = Math.max(0, -dx);             // first output column with a source pixel
        int x1 = Math.min(width, width - dx);  // one past the last
        for (int c = 0; c < channels; c++) {
            int base = offset + c * plane;
            float value = fill[c];
            // walk rows in the direction that reads each source row before it is overwritten
            for (int k = 0; k < height; k++) {
                int y = dy >= 0 ? k : height - 1 - k;
                int row = base + y * width;
                int sy = y + dy;
                if (sy < 0 || sy >= height || x0 >= x1) {
                    Arrays.fill(image, row, row + width, value);
                    continue;
                }
                System.arraycopy(image, base + sy * width + x0 + dx, image, row + x0, x1 - x0);
                Arrays.fill(image, row, row + x0, value);
                Arrays.fill(image, row + x1, row + width, value);
            }
        }
    }

    /** Mirrors every row. */
    static void flip(float[] image, int offset, int channels, int height, int width) {
        for (int r = 0; r < channels * height; r++) {
            int left = offset + r * width;
            for (int i = left, j = left + width - 1; i < j; i++, j--) {
                float t = image[i];
                image[i] = image[j];
                image[j] = t;
            }
        }
    }
}
