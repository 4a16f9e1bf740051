package io.quantlab.data;

import java.util.Random;

/**
 * A small generated data set that needs no files: 28×28 grayscale images of ten pattern classes
 * (stripes in four orientations, a checkerboard, four corner blobs, a ring) with random phase,
 * position jitter, contrast and Gaussian noise, stored as 8-bit pixels like a real data set and
 * normalized with its training statistics. Always the same images (fixed seed), so tests and
 * demos give repeatable numbers. Noisy enough that models differ: one epoch on all 2000 images
 * gives about 69% with mlp and 86% with small-cnn, against 10% for guessing.
 */
final class SyntheticImages {

    static final String NAME = "synthetic";
    static final int TRAIN = 2000;
    static final int TEST = 500;
    static final int SIDE = 28;
    static final int CLASSES = 10;
    private static final long SEED = 20240611L;
    private static final double NOISE = 0.8;
    /** Pattern values lie in [0, 1]; with the noise, [-3 sigma, 1 + 3 sigma] holds 99.7% of pixels. */
    private static final double LOW = -3 * NOISE;
    private static final double HIGH = 1 + 3 * NOISE;

    private SyntheticImages() {}

    static Dataset generate() {
        Random random = new Random(SEED);
        int pixels = SIDE * SIDE;
        byte[] trainImages = new byte[TRAIN * pixels];
        int[] trainLabels = new int[TRAIN];
        byte[] testImages = new byte[TEST * pixels];
        int[] testLabels = new int[TEST];
        fill(random, trainImages, trainLabels);
        fill(random, testImages, testLabels);
        // normalize both splits with the training statistics, as for a real data set
        float[][] stats = Dataset.channelStatistics(trainImages, 1, pixels);
        return new Dataset(NAME, 1, SIDE, SIDE, CLASSES, trainImages, trainLabels, testImages, testLabels,
                stats[0], stats[1], null);
    }

    static DatasetStatus status() {
        return new DatasetStatus(NAME, true, TRAIN, TEST,
                SIDE + "x" + SIDE + " grayscale, " + CLASSES + " classes of generated patterns (stripes,"
                        + " checkerboard, blobs, ring) with noise; always available");
    }

    private static void fill(Random random, byte[] images, int[] labels) {
        int pixels = SIDE * SIDE;
        for (int i = 0; i < labels.length; i++) {
            int label = i % CLASSES; // balanced classes
            labels[i] = label;
            double contrast = 0.6 + 0.4 * random.nextDouble();
            double phase = random.nextDouble() * 2 * Math.PI;
            double cx = jitter(random, label);
            double cy = jitterY(random, label);
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    double value = contrast * pattern(label, x, y, phase, cx, cy)
                            + NOISE * random.nextGaussian();
                    images[i * pixels + y * SIDE + x] = toByte(value);
                }
            }
        }
    }

    private static double jitter(Random random, int label) {
        double base = switch (label) {
            case 5, 7 -> 8;
            case 6, 8 -> 19;
            default -> 13.5;
        };
        return base + 3 * (random.nextDouble() * 2 - 1);
    }

    private static double jitterY(Random random, int label) {
        double base = switch (label) {
            case 5, 6 -> 8;
            case 7, 8 -> 19;
            default -> 13.5;
        };
        return base + 3 * (random.nextDouble() * 2 - 1);
    }

    /** Pattern value in about [0, 1] at pixel (x, y). */
    private static double pattern(int label, int x, int y, double phase, double cx, double cy) {
        double k = 2 * Math.PI / 6; // stripes with a 6-pixel period
        return switch (label) {
            case 0 -> 0.5 + 0.5 * Math.sin(k * y + phase);                       // horizontal stripes
            case 1 -> 0.5 + 0.5 * Math.sin(k * x + phase);                       // vertical stripes
            case 2 -> 0.5 + 0.5 * Math.sin(k * (x + y) / Math.sqrt(2) + phase);   // diagonal
            case 3 -> 0.5 + 0.5 * Math.sin(k * (x - y) / Math.sqrt(2) + phase);   // anti-diagonal
            case 4 -> ((x / 4) + (y / 4)) % 2 == 0 ? 1 : 0;                       // checkerboard
            case 9 -> {                                                           // ring
                double r = Math.hypot(x - cx, y - cy);
                yield Math.exp(-(r - 7) * (r - 7) / 4);
            }
            default -> {                                                          // blob in a corner
                double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
                yield Math.exp(-d2 / 18);
            }
        };
    }

    /** Maps [LOW, HIGH] linearly onto 0..255, clipping the noise's far tails (beyond 3 sigma). */
    private static byte toByte(double value) {
        long level = Math.round((value - LOW) / (HIGH - LOW) * 255);
        return (byte) Math.max(0, Math.min(255, level));
    }
}
