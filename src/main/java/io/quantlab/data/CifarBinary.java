package io.quantlab.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The "binary version" of CIFAR-10 and CIFAR-100 (https://www.cs.toronto.edu/~kriz/cifar.html):
 * files of fixed-size records, each some label bytes followed by a 32×32 RGB image as 1024 red,
 * 1024 green, 1024 blue bytes, rows top to bottom (already channel-first).
 * CIFAR-10: {@code data_batch_1.bin} … {@code data_batch_5.bin} and {@code test_batch.bin}, one
 * label byte (0–9); class names in {@code batches.meta.txt}. CIFAR-100: {@code train.bin} and
 * {@code test.bin}, a coarse (0–19) then a fine (0–99) label byte; we use the fine label; names in
 * {@code fine_label_names.txt}.
 */
final class CifarBinary {

    static final int SIDE = 32;
    static final int CHANNELS = 3;
    static final int IMAGE_BYTES = CHANNELS * SIDE * SIDE;

    /** One of the two layouts. */
    enum Layout {
        CIFAR_10("CIFAR-10 binary", 1, 0, 10, 0, "batches.meta.txt"),
        CIFAR_100("CIFAR-100 binary", 2, 1, 100, 20, "fine_label_names.txt");

        final String title;
        final int labelBytes;
        /** Which of the label bytes is the class. */
        final int labelIndex;
        final int classes;
        /** Classes of the other label byte (CIFAR-100's coarse label), 0 if none. */
        final int otherClasses;
        final String namesFile;

        Layout(String title, int labelBytes, int labelIndex, int classes, int otherClasses, String namesFile) {
            this.title = title;
            this.labelBytes = labelBytes;
            this.labelIndex = labelIndex;
            this.classes = classes;
            this.otherClasses = otherClasses;
            this.namesFile = namesFile;
        }

        int recordBytes() {
            return labelBytes + IMAGE_BYTES;
        }
    }

    private CifarBinary() {}

    /** The training files and the test file, or the names missing from {@code dir}. */
    record Location(Layout layout, Path dir, List<Path> trainFiles, Path testFile, List<String> missing) {}

    static Location locate(Path dir, Layout layout) {
        List<String> missing = new ArrayList<>();
        List<Path> train = new ArrayList<>();
        Path test;
        if (layout == Layout.CIFAR_10) {
            // data_batch_1..5: take them in order; a gap would silently drop a fifth of the data
            int last = 0;
            for (int i = 1; i <= 5; i++) {
                if (Files.isRegularFile(dir.resolve("data_batch_" + i + ".bin"))) {
                    last = i;
                }
            }
            for (int i = 1; i <= Math.max(1, last); i++) {
                Path file = dir.resolve("data_batch_" + i + ".bin");
                if (Files.isRegularFile(file)) {
                    train.add(file);
                } else {
                    missing.add(file.getFileName().toString());
                }
            }
            test = dir.resolve("test_batch.bin");
        } else {
            Path file = dir.resolve("train.bin");
            if (Files.isRegularFile(file)) {
                train.add(file);
            } else {
                missing.add("train.bin");
            }
            test = dir.resolve("test.bin");
        }
        if (!Files.isRegularFile(test)) {
            missing.add(test.getFileName().toString());
        }
        return new Location(layout, dir, List.copyOf(train), test, List.copyOf(missing));
    }

    /** True when one of the layout's files is there. */
    static boolean partlyPresent(Location files) {
        return !files.trainFiles().isEmpty() || Files.isRegularFile(files.testFile());
    }

    /** @param meanStd {@code {mean[3], std[3]}}, or null to compute them from the training images */
    static Dataset load(String name, Location files, float[][] meanStd) throws IOException {
        Layout layout = files.layout();
        long trainCount = 0;
        for (Path file : files.trainFiles()) {
            trainCount += recordCount(file, layout);
        }
        if (trainCount * IMAGE_BYTES > Integer.MAX_VALUE - 8) {
            throw new IOException(files.dir() + ": " + trainCount + " training images are too many for one array");
        }
        int testCount = recordCount(files.testFile(), layout);
        byte[] trainPixels = new byte[(int) trainCount * IMAGE_BYTES];
        int[] trainLabels = new int[(int) trainCount];
        int at = 0;
        for (Path file : files.trainFiles()) {
            at += read(file, layout, trainPixels, trainLabels, at);
        }
        byte[] testPixels = new byte[testCount * IMAGE_BYTES];
        int[] testLabels = new int[testCount];
        read(files.testFile(), layout, testPixels, testLabels, 0);
        float[][] stats = meanStd != null ? meanStd : Dataset.channelStatistics(trainPixels, CHANNELS, SIDE * SIDE);
        return new Dataset(name, CHANNELS, SIDE, SIDE, layout.classes, trainPixels, trainLabels, testPixels, testLabels,
                stats[0], stats[1], classNames(files.dir().resolve(layout.namesFile), layout.classes));
    }

    /** Counts from the file sizes alone. */
    static DatasetStatus status(String name, Location files) {
        if (!files.missing().isEmpty()) {
            return new DatasetStatus(name, false, 0, 0, files.layout().title + " files missing in " + files.dir()
                    + ": " + String.join(", ", files.missing()));
        }
        try {
            int train = 0;
            for (Path file : files.trainFiles()) {
                train += recordCount(file, files.layout());
            }
            int test = recordCount(files.testFile(), files.layout());
            return new DatasetStatus(name, true, train, test, SIDE + "x" + SIDE + " RGB, " + files.layout().classes
                    + " classes, " + files.layout().title + " files in " + files.dir());
        } catch (IOException e) {
            return new DatasetStatus(name, false, 0, 0, "unreadable: " + e.getMessage());
        }
    }

    private static int recordCount(Path file, Layout layout) throws IOException {
        long size = Files.size(file);
        int record = layout.recordBytes();
        if (size == 0 || size % record != 0) {
            throw new IOException(file + " is truncated or not " + layout.title + ": " + size
                    + " bytes is not a whole number of " + record + "-byte records (" + layout.labelBytes
                    + " label byte" + (layout.labelBytes > 1 ? "s" : "") + " + " + IMAGE_BYTES + " pixel bytes)");
        }
        return (int) (size / record);
    }

    /** Reads every record of {@code file} into the arrays from image {@code at}; returns the count. */
    private static int read(Path file, Layout layout, byte[] pixels, int[] labels, int at) throws IOException {
        int count = recordCount(file, layout);
        byte[] labelBytes = new byte[layout.labelBytes];
        try (InputStream in = Files.newInputStream(file)) {
            for (int i = 0; i < count; i++) {
                int index = at + i;
                if (in.readNBytes(labelBytes, 0, labelBytes.length) != labelBytes.length
                        || in.readNBytes(pixels, index * IMAGE_BYTES, IMAGE_BYTES) != IMAGE_BYTES) {
                    throw new IOException(file + " is truncated: record " + i + " of " + count + " ends early");
                }
                int label = labelBytes[layout.labelIndex] & 0xff;
                if (label >= layout.classes) {
                    throw new IOException(file + ": record " + i + " has label " + label + ", outside 0.."
                            + (layout.classes - 1) + "; is this really " + layout.title + "?");
                }
                if (layout.otherClasses > 0 && (labelBytes[0] & 0xff) >= layout.otherClasses) {
                    throw new IOException(file + ": record " + i + " has coarse label " + (labelBytes[0] & 0xff)
                            + ", outside 0.." + (layout.otherClasses - 1) + "; is this really " + layout.title + "?");
                }
                labels[index] = label;
            }
        }
        return count;
    }

    /**
     * One name per non-blank line, or null (numbered classes) when absent, not UTF-8 or not one per
     * class; a name breaking {@link ClassNames}' rule fails the load.
     */
    private static List<String> classNames(Path file, int classes) throws IOException {
        List<String> lines = ClassNames.lines(file).orElse(null);
        if (lines == null) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                names.add(ClassNames.check(lines.get(i).strip(), file.getFileName() + " line " + (i + 1)));
            }
        }
        return names.size() == classes ? names : null;
    }
}
