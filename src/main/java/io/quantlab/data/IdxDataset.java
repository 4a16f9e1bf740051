package io.quantlab.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A data set in MNIST's IDX layout (http://yann.lecun.com/exdb/mnist/): four files
 * {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte},
 * {@code t10k-labels-idx1-ubyte}, each gzip-compressed ({@code .gz}) or plain; the variant spelling
 * {@code train-images.idx3-ubyte} of some mirrors is accepted too. Grayscale, one channel.
 */
final class IdxDataset {

    /** The file stems in the official order: training images, training labels, test images, test labels. */
    static final String[] STEMS = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};

    private IdxDataset() {}

    /** The four files, or the names missing from {@code dir} (as their {@code .gz} spelling). */
    record Location(Path dir, Path trainImages, Path trainLabels, Path testImages, Path testLabels,
                    List<String> missing) {}

    static Location locate(Path dir) {
        List<String> missing = new ArrayList<>();
        Path[] found = new Path[4];
        for (int i = 0; i < STEMS.length; i++) {
            String dotted = STEMS[i].replaceFirst("-idx", ".idx"); // train-images.idx3-ubyte
            for (String candidate : new String[] {STEMS[i] + ".gz", STEMS[i], dotted + ".gz", dotted}) {
                Path file = dir.resolve(candidate);
                if (found[i] == null && Files.isRegularFile(file)) {
                    found[i] = file;
                }
            }
            if (found[i] == null) {
                missing.add(STEMS[i] + ".gz");
            }
        }
        return new Location(dir, found[0], found[1], found[2], found[3], missing);
    }

    /** True when at least one of the four files is there (so a folder "looks like" IDX). */
    static boolean partlyPresent(Location files) {
        return files.missing().size() < STEMS.length;
    }

    /**
     * Loads all four files.
     *
     * @param classes the number of classes, or 0 to take the largest label + 1 (at least 2)
     * @param meanStd {@code {mean, std}} of one channel, or null to compute them from the training images
     */
    static Dataset load(String name, Location files, int classes, float[] meanStd, List<String> classNames)
            throws IOException {
        IdxReader.Content trainImages = IdxReader.read(files.trainImages());
        IdxReader.Content trainLabels = IdxReader.read(files.trainLabels());
        IdxReader.Content testImages = IdxReader.read(files.testImages());
        IdxReader.Content testLabels = IdxReader.read(files.testLabels());
        int[] dims = checkImages(trainImages, files.trainImages());
        int[] testDims = checkImages(testImages, files.testImages());
        if (dims[1] != testDims[1] || dims[2] != testDims[2]) {
            throw new IOException(files.testImages() + ": test images are " + testDims[1] + "x" + testDims[2]
                    + " but the training images in " + files.trainImages() + " are " + dims[1] + "x" + dims[2]);
        }
        int[] train = labels(trainLabels, dims[0], files.trainLabels());
        int[] test = labels(testLabels, testDims[0], files.testLabels());
        int classCount = classes > 0 ? classes : Math.max(2, Math.max(max(train), max(test)) + 1);
        checkRange(train, classCount, files.trainLabels());
        checkRange(test, classCount, files.testLabels());
        if (dims[0] == 0) {
            throw new IOException(files.trainImages() + " holds no images");
        }
        float[] mean;
        float[] std;
        if (meanStd != null) {
            mean = new float[] {meanStd[0]};
            std = new float[] {meanStd[1]};
        } else {
            float[][] stats = Dataset.channelStatistics(trainImages.data(), 1, dims[1] * dims[2]);
            mean = stats[0];
            std = stats[1];
        }
        return new Dataset(name, 1, dims[1], dims[2], classCount, trainImages.data(), train,
                testImages.data(), test, mean, std, classNames);
    }

    /** Counts from the headers alone; {@code classes} 0 means "not known before loading". */
    static DatasetStatus status(String name, Location files, int classes, String notInstalledHint) {
        if (!files.missing().isEmpty()) {
            return new DatasetStatus(name, false, 0, 0, "not installed: missing "
                    + String.join(", ", files.missing()) + " in " + files.dir() + "; " + notInstalledHint);
        }
        try {
            int[] train = IdxReader.readHeader(files.trainImages()).dims();
            int[] test = IdxReader.readHeader(files.testImages()).dims();
            int trainLabels = IdxReader.readHeader(files.trainLabels()).dims()[0];
            int testLabels = IdxReader.readHeader(files.testLabels()).dims()[0];
            if (train.length != 3 || test.length != 3 || train[0] != trainLabels || test[0] != testLabels) {
                return new DatasetStatus(name, false, 0, 0, "files in " + files.dir()
                        + " do not fit together: image and label counts or dimensions differ");
            }
            return new DatasetStatus(name, true, train[0], test[0], train[1] + "x" + train[2] + " grayscale, "
                    + (classes > 0 ? classes + " classes, " : "") + "MNIST IDX files in " + files.dir());
        } catch (IOException e) {
            return new DatasetStatus(name, false, 0, 0, "unreadable: " + e.getMessage());
        }
    }

    private static int[] checkImages(IdxReader.Content images, Path file) throws IOException {
        int[] dims = images.header().dims();
        if (dims.length != 3) {
            throw new IOException(file + ": images need 3 dimensions (count, rows, columns), found "
                    + dims.length);
        }
        if (dims[1] < 1 || dims[2] < 1) {
            throw new IOException(file + ": images of " + dims[1] + "x" + dims[2] + " pixels");
        }
        return dims;
    }

    private static int[] labels(IdxReader.Content content, int imageCount, Path file) throws IOException {
        int[] dims = content.header().dims();
        if (dims.length != 1) {
            throw new IOException(file + ": labels need 1 dimension, found " + dims.length);
        }
        if (dims[0] != imageCount) {
            throw new IOException(file + " has " + dims[0] + " labels but its images file has "
                    + imageCount + " images");
        }
        byte[] data = content.data();
        int[] labels = new int[data.length];
        for (int i = 0; i < data.length; i++) {
            labels[i] = data[i] & 0xff;
        }
        return labels;
    }

    private static void checkRange(int[] labels, int classes, Path file) throws IOException {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= classes) {
                throw new IOException(file + ": label " + labels[i] + " at index " + i
                        + " is outside 0.." + (classes - 1));
            }
        }
    }

    private static int max(int[] values) {
        int max = 0;
        for (int v : values) {
            max = Math.max(max, v);
        }
        return max;
    }
}
