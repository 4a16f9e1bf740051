package io.quantlab.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An image classification data set held in memory as raw 8-bit pixels, in NCHW order
 * ({@code channels * height * width} bytes per image), with labels in {@code [0, classes)} and
 * a per-channel normalization: a pixel {@code p} of channel {@code c} becomes
 * {@code (p / 255 - mean[c]) / std[c]}, as torchvision's {@code ToTensor} + {@code Normalize}
 * compute it. Bytes rather than floats keep CIFAR-10 at 150 MB instead of 600 MB.
 *
 * <p>Instances are shared across jobs (see {@link Datasets}): never write into the arrays
 * {@link #trainLabels()} and {@link #testLabels()} return.
 */
public final class Dataset {

    private final String name;
    private final int channels;
    private final int height;
    private final int width;
    private final int classes;
    private final byte[] trainPixels;
    private final int[] trainLabels;
    private final byte[] testPixels;
    private final int[] testLabels;
    private final float[] mean;
    private final float[] std;
    private final List<String> classNames;
    /** {@code table[c * 256 + p]}: the normalized value of pixel value p in channel c. */
    private final float[] table;

    /**
     * @param classNames one per class, or null for "0", "1", …
     * @throws IllegalArgumentException when sizes do not fit together or a std is not positive
     */
    public Dataset(String name, int channels, int height, int width, int classes,
                   byte[] trainPixels, int[] trainLabels, byte[] testPixels, int[] testLabels,
                   float[] mean, float[] std, List<String> classNames) {
        if (channels < 1 || height < 1 || width < 1 || classes < 2) {
            throw new IllegalArgumentException("bad shape " + channels + "x" + height + "x" + width
                    + " with " + classes + " classes");
        }
        long pixels = (long) channels * height * width;
        if (trainPixels.length != trainLabels.length * pixels || testPixels.length != testLabels.length * pixels) {
            throw new IllegalArgumentException("pixel arrays do not match label counts for " + name);
        }
        if (mean.length != channels || std.length != channels) {
            throw new IllegalArgumentException("need one mean and one std per channel for " + name + ": "
                    + channels + " channels, " + mean.length + " means, " + std.length + " stds");
        }
        for (float s : std) {
            if (!(s > 0) || Float.isInfinite(s)) {
                throw new IllegalArgumentException("std must be positive and finite for " + name + ": "
                        + Arrays.toString(std));
            }
        }
        if (classNames != null && classNames.size() != classes) {
            throw new IllegalArgumentException(name + " has " + classes + " classes but "
                    + classNames.size() + " class names");
        }
        this.name = name;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.classes = classes;
        this.trainPixels = trainPixels;
        this.trainLabels = trainLabels;
        this.testPixels = testPixels;
        this.testLabels = testLabels;
        this.mean = mean.clone();
        this.std = std.clone();
        this.classNames = classNames == null ? numberedClasses(classes) : List.copyOf(classNames);
        this.table = new float[channels * 256];
        for (int c = 0; c < channels; c++) {
            for (int p = 0; p < 256; p++) {
                table[c * 256 + p] = (p / 255f - mean[c]) / std[c];
            }
        }
    }

    public String name() {
        return name;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int classes() {
        return classes;
    }

    /** Shared, do not modify. */
    public int[] trainLabels() {
        return trainLabels;
    }

    /** Shared, do not modify. */
    public int[] testLabels() {
        return testLabels;
    }

    public int trainSize() {
        return trainLabels.length;
    }

    public int testSize() {
        return testLabels.length;
    }

    /** Values per image: channels × height × width. */
    public int imageSize() {
        return channels * height * width;
    }

    /** Per-channel mean of the pixels scaled to [0, 1] (a copy). */
    public float[] mean() {
        return mean.clone();
    }

    /** Per-channel standard deviation of the pixels scaled to [0, 1] (a copy). */
    public float[] std() {
        return std.clone();
    }

    /** Human-readable class names, in label order ("0", "1", … when the files name none). */
    public List<String> classNames() {
        return classNames;
    }

    /** Per channel, the normalized value of a black (0) pixel: what zero padding of the raw image becomes. */
    public float[] normalizedBlack() {
        float[] black = new float[channels];
        for (int c = 0; c < channels; c++) {
            black[c] = table[c * 256];
        }
        return black;
    }

    /** Writes training image {@code index}, normalized, to {@code dst[offset .. offset + imageSize())}. */
    public void normalizedTrainImage(int index, float[] dst, int offset) {
        normalize(trainPixels, index, dst, offset);
    }

    /** Writes test image {@code index}, normalized, to {@code dst[offset .. offset + imageSize())}. */
    public void normalizedTestImage(int index, float[] dst, int offset) {
        normalize(testPixels, index, dst, offset);
    }

    /** The raw 0–255 value of one training pixel (for tests and previews). */
    public int trainPixel(int index, int channel, int y, int x) {
        return trainPixels[index * imageSize() + (channel * height + y) * width + x] & 0xff;
    }

    /** The raw 0–255 value of one test pixel (for tests and previews). */
    public int testPixel(int index, int channel, int y, int x) {
        return testPixels[index * imageSize() + (channel * height + y) * width + x] & 0xff;
    }

    private void normalize(byte[] pixels, int index, float[] dst, int offset) {
        int plane = height * width;
        int from = index * imageSize();
        for (int c = 0; c < channels; c++) {
            int base = c * 256;
            int src = from + c * plane;
            int out = offset + c * plane;
            for (int i = 0; i < plane; i++) {
                dst[out + i] = table[base + (pixels[src + i] & 0xff)];
            }
        }
    }

    /**
     * Per-channel mean and standard deviation of {@code pixels} (NCHW bytes of images with
     * {@code channels} planes of {@code plane} pixels), scaled to [0, 1]: {@code {mean, std}}.
     * A constant channel gets std 1, so normalizing it cannot divide by zero.
     */
    static float[][] channelStatistics(byte[] pixels, int channels, int plane) {
        long[][] histogram = new long[channels][256];
        int imageSize = channels * plane;
        for (int start = 0; start < pixels.length; start += imageSize) {
            for (int c = 0; c < channels; c++) {
                long[] h = histogram[c];
                int from = start + c * plane;
                for (int i = from, end = from + plane; i < end; i++) {
                    h[pixels[i] & 0xff]++;
                }
            }
        }
        float[] mean = new float[channels];
        float[] std = new float[channels];
        for (int c = 0; c < channels; c++) {
            double n = 0;
            double sum = 0;
            for (int p = 0; p < 256; p++) {
                n += histogram[c][p];
                sum += histogram[c][p] * (p / 255.0);
            }
            double m = n == 0 ? 0 : sum / n;
            double squares = 0;
            for (int p = 0; p < 256; p++) {
                double d = p / 255.0 - m;
                squares += histogram[c][p] * d * d;
            }
            double s = n == 0 ? 0 : Math.sqrt(squares / n);
            mean[c] = (float) m;
            std[c] = s > 1e-6 ? (float) s : 1f;
        }
        return new float[][] {mean, std};
    }

    private static List<String> numberedClasses(int classes) {
        List<String> names = new ArrayList<>(classes);
        for (int i = 0; i < classes; i++) {
            names.add(Integer.toString(i));
        }
        return List.copyOf(names);
    }

    @Override
    public String toString() {
        return "Dataset[" + name + ", " + channels + "x" + height + "x" + width + ", " + classes + " classes, "
                + trainSize() + " train, " + testSize() + " test]";
    }
}
