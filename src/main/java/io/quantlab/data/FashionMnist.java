package io.quantlab.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Fashion-MNIST (Xiao et al. 2017) from its four IDX files: 28×28 grayscale, 10 classes. */
final class FashionMnist {

    static final String NAME = "fashion-mnist";
    static final int CLASSES = 10;
    /** Mean and standard deviation of the training pixels scaled to [0, 1]. */
    static final float MEAN = 0.2860f;
    static final float STD = 0.3530f;
    static final String INSTALL_HINT = "install it with 'apt-get install dataset-fashion-mnist' or copy"
            + " train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and"
            + " t10k-labels-idx1-ubyte.gz (gzip or plain) into ";

    private FashionMnist() {}

    /** The four files, or the names missing from {@code dir}. */
    record Location(Path trainImages, Path trainLabels, Path testImages, Path testLabels, List<String> missing) {}

    static Location locate(Path dir) {
        List<String> missing = new ArrayList<>();
        Path[] found = new Path[4];
        String[] stems = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};
        for (int i = 0; i < stems.length; i++) {
            Path gz = dir.resolve(stems[i] + ".gz");
            Path plain = dir.resolve(stems[i]);
            found[i] = Files.isRegularFile(gz) ? gz : Files.isRegularFile(plain) ? plain : null;
            if (found[i] == null) {
                missing.add(stems[i] + ".gz");
            }
        }
        return new Location(found[0], found[1], found[2], found[3], missing);
    }

    static Dataset load(Location files) throws IOException {
        IdxReader.Content trainImages = IdxReader.read(files.trainImages());
        IdxReader.Content trainLabels = IdxReader.read(files.trainLabels());
        IdxReader.Content testImages = IdxReader.read(files.testImages());
        IdxReader.Content testLabels = IdxReader.read(files.testLabels());
        int[] dims = checkImages(trainImages, files.trainImages());
        int[] testDims = checkImages(testImages, files.testImages());
        if (dims[1] != testDims[1] || dims[2] != testDims[2]) {
            throw new IOException("training images are " + dims[1] + "x" + dims[2] + " but test images "
                    + testDims[1] + "x" + testDims[2]);
        }
        return new Dataset(NAME, 1, dims[1], dims[2], CLASSES,
                normalize(trainImages.data()), labels(trainLabels, dims[0], files.trainLabels()),
                normalize(testImages.data()), labels(testLabels, testDims[0], files.testLabels()));
    }

    /** Counts from the headers alone. */
    static DatasetStatus status(Path dir) {
        Location files = locate(dir);
        if (!files.missing().isEmpty()) {
            return new DatasetStatus(NAME, false, 0, 0,
                    "not installed: missing " + String.join(", ", files.missing()) + " in " + dir + "; "
                            + INSTALL_HINT + dir);
        }
        try {
            int[] train = IdxReader.readHeader(files.trainImages()).dims();
            int[] test = IdxReader.readHeader(files.testImages()).dims();
            int trainLabels = IdxReader.readHeader(files.trainLabels()).dims()[0];
            int testLabels = IdxReader.readHeader(files.testLabels()).dims()[0];
            if (train.length != 3 || test.length != 3 || train[0] != trainLabels || test[0] != testLabels) {
                return new DatasetStatus(NAME, false, 0, 0, "files in " + dir
                        + " do not fit together: image and label counts or dimensions differ");
            }
            return new DatasetStatus(NAME, true, train[0], test[0],
                    train[1] + "x" + train[2] + " grayscale, " + CLASSES + " classes, from " + dir);
        } catch (IOException e) {
            return new DatasetStatus(NAME, false, 0, 0, "unreadable: " + e.getMessage());
        }
    }

    private static int[] checkImages(IdxReader.Content images, Path file) throws IOException {
        int[] dims = images.header().dims();
        if (dims.length != 3) {
            throw new IOException(file + ": images need 3 dimensions (count, rows, columns), found "
                    + dims.length);
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
            if (labels[i] >= CLASSES) {
                throw new IOException(file + ": label " + labels[i] + " at index " + i
                        + " is outside 0.." + (CLASSES - 1));
            }
        }
        return labels;
    }

    private static float[] normalize(byte[] pixels) {
        float[] out = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            out[i] = ((pixels[i] & 0xff) / 255f - MEAN) / STD;
        }
        return out;
    }
}
