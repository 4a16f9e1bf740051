package io.quantlab.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * An image classification data set held in memory as raw 8-bit pixels, in NCHW order
 * ({@code channels * height * width} bytes per image), with labels in {@code [0, classes)} and
 * a per-channel normalization: a pixel {@code p} of channel {@code c} becomes
 * {@code (p / 255 - mean[c]) / std[c]}, as torchvision's {@code ToTensor} + {@code Normalize}
 * compute it. Bytes rather than floats keep CIFAR-10 at 150 MB instead of 600 MB.
 *
 * <p>The test images are split in two. The <em>visible</em> part is what every "test" accessor
 * ({@link #testSize()}, {@link #testLabels()}, {@link #normalizedTestImage}, {@link #testPixel})
 * serves, so every accuracy a user sees (training report, PTQ and QAT, simulated and deployed,
 * sweeps, leaderboards) is computed on it without knowing there is more. The <em>hidden</em> part,
 * {@link #HIDDEN_SHARE} of the files' test images chosen by a permutation with a fixed seed
 * ({@link #hiddenTestIndices}), is reachable only through {@link #hiddenSplit()}, which the target
 * exercises' grading uses: a student's model is re-evaluated on images no number they saw came
 * from (issue 14, like Kaggle's private leaderboard).
 *
 * <p>Instances are shared across jobs (see {@link Datasets}): never write into the arrays
 * {@link #trainLabels()} and {@link #testLabels()} return.
 */
public final class Dataset {

    /**
     * The share of a data set's test images kept hidden for grading: a quarter (2,500 of
     * Fashion-MNIST's 10,000), enough that a grade's accuracy has a standard error under one
     * point (√(0.88 × 0.12 / 2500) ≈ 0.65 %), while 7,500 images stay for every visible number.
     */
    public static final double HIDDEN_SHARE = 0.25;
    /** The seed of the permutation that picks the hidden test images; changing it changes every grade. */
    public static final long HIDDEN_SEED = 0x5EC12E7L;

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
    /** The hidden test images and their labels (empty in the hidden split itself). */
    private final byte[] hiddenPixels;
    private final int[] hiddenLabels;
    private final boolean isHiddenSplit;
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
        int[] hidden = hiddenTestIndices(testLabels.length);
        int[] visible = complement(hidden, testLabels.length);
        this.testPixels = images(testPixels, visible, (int) pixels);
        this.testLabels = labels(testLabels, visible);
        this.hiddenPixels = images(testPixels, hidden, (int) pixels);
        this.hiddenLabels = labels(testLabels, hidden);
        this.isHiddenSplit = false;
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

    /** The hidden split of {@code visible}: the same training images, the hidden images as its test set. */
    private Dataset(Dataset visible) {
        this.name = visible.name;
        this.channels = visible.channels;
        this.height = visible.height;
        this.width = visible.width;
        this.classes = visible.classes;
        this.trainPixels = visible.trainPixels;
        this.trainLabels = visible.trainLabels;
        this.testPixels = visible.hiddenPixels;
        this.testLabels = visible.hiddenLabels;
        this.hiddenPixels = new byte[0];
        this.hiddenLabels = new int[0];
        this.isHiddenSplit = true;
        this.mean = visible.mean;
        this.std = visible.std;
        this.classNames = visible.classNames;
        this.table = visible.table;
    }

    /**
     * Which of {@code testImages} test images (as the files order them) are hidden, ascending:
     * {@code floor(testImages × HIDDEN_SHARE)} of them, the first ones of a permutation of all
     * indices drawn with seed {@link #HIDDEN_SEED}. Fixed per test set size, so a data set's hidden
     * images never change between restarts; a permutation rather than a tail because a user data
     * set's test images may be sorted by class.
     */
    public static int[] hiddenTestIndices(int testImages) {
        int[] hidden = Subsets.shuffledPrefix(testImages, (int) Math.floor(testImages * HIDDEN_SHARE),
                new Random(HIDDEN_SEED));
        Arrays.sort(hidden);
        return hidden;
    }

    /**
     * This data set with the hidden test images as its test set (training images unchanged): for
     * grading only, never for a number a student sees before a deadline. Cheap (shares arrays).
     *
     * @throws IllegalStateException when this already is a hidden split
     */
    public Dataset hiddenSplit() {
        if (isHiddenSplit) {
            throw new IllegalStateException(name + " is already the hidden split");
        }
        return new Dataset(this);
    }

    /** Whether this is the {@link #hiddenSplit()} of a data set. */
    public boolean isHiddenSplit() {
        return isHiddenSplit;
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

    /** The visible test images' labels. Shared, do not modify. */
    public int[] testLabels() {
        return testLabels;
    }

    public int trainSize() {
        return trainLabels.length;
    }

    /** How many visible test images there are (the hidden ones are {@link #hiddenSplit()}'s). */
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

    /** The indices in {@code 0..size-1} not in the ascending {@code taken}, ascending. */
    private static int[] complement(int[] taken, int size) {
        int[] rest = new int[size - taken.length];
        for (int i = 0, t = 0, at = 0; i < size; i++) {
            if (t < taken.length && taken[t] == i) {
                t++;
            } else {
                rest[at++] = i;
            }
        }
        return rest;
    }

    private static byte[] images(byte[] pixels, int[] indices, int imageSize) {
        byte[] out = new byte[indices.length * imageSize];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * imageSize, out, i * imageSize, imageSize);
        }
        return out;
    }

    private static int[] labels(int[] all, int[] indices) {
        int[] out = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = all[indices[i]];
        }
        return out;
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
                + trainSize() + " train, " + testSize() + (isHiddenSplit ? " hidden test]" : " visible test, "
                + hiddenLabels.length + " hidden]");
    }
}
