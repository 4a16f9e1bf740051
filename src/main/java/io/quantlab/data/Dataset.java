package io.quantlab.data;

/**
 * An image classification data set held in memory: images normalized and flattened in NCHW
 * order ({@code channels * height * width} floats per image), labels in {@code [0, classes)}.
 * Instances are shared across jobs (see {@link Datasets}): never write into the arrays.
 */
public record Dataset(String name, int channels, int height, int width, int classes,
                      float[] trainImages, int[] trainLabels, float[] testImages, int[] testLabels) {

    public Dataset {
        int pixels = channels * height * width;
        if (channels < 1 || height < 1 || width < 1 || classes < 2) {
            throw new IllegalArgumentException("bad shape " + channels + "x" + height + "x" + width
                    + " with " + classes + " classes");
        }
        if (trainImages.length != (long) trainLabels.length * pixels
                || testImages.length != (long) testLabels.length * pixels) {
            throw new IllegalArgumentException("image arrays do not match label counts for " + name);
        }
    }

    public int trainSize() {
        return trainLabels.length;
    }

    public int testSize() {
        return testLabels.length;
    }

    /** Floats per image: channels × height × width. */
    public int imageSize() {
        return channels * height * width;
    }
}
