package io.quantlab.data;

import io.quantlab.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The data sets a job can train on, by name. Each is loaded at most once per process and then
 * shared by every job (Fashion-MNIST takes ~220 MB as floats), so a class of thirty students
 * pressing "train" costs one load.
 */
public final class Datasets {

    public static final Path DEFAULT_FASHION_MNIST_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** Every name {@link #get} accepts, whether or not its files are present. */
    public static final List<String> NAMES = List.of(FashionMnist.NAME, SyntheticImages.NAME);

    private static final Map<Path, Dataset> FASHION_MNIST_BY_DIR = new ConcurrentHashMap<>();

    private final Path fashionMnistDir;

    public Datasets(Path fashionMnistDir) {
        this.fashionMnistDir = canonical(fashionMnistDir);
    }

    /** Uses {@link #DEFAULT_FASHION_MNIST_DIR}. */
    public Datasets() {
        this(DEFAULT_FASHION_MNIST_DIR);
    }

    /**
     * The data set called {@code name}, loading it on first use.
     *
     * @throws InvalidInputException (field "dataset") for an unknown name or files not installed
     * @throws UncheckedIOException when the files are there but unreadable or inconsistent
     */
    public Dataset get(String name) {
        if (SyntheticImages.NAME.equals(name)) {
            return SyntheticHolder.DATASET;
        }
        if (!FashionMnist.NAME.equals(name)) {
            throw new InvalidInputException("dataset",
                    "Unknown data set '" + name + "'; choose one of: " + String.join(", ", NAMES) + ".");
        }
        FashionMnist.Location files = FashionMnist.locate(fashionMnistDir);
        if (!files.missing().isEmpty()) {
            throw new InvalidInputException("dataset", "Data set 'fashion-mnist' is not installed: "
                    + String.join(", ", files.missing()) + " missing in " + fashionMnistDir + "; "
                    + FashionMnist.INSTALL_HINT + fashionMnistDir + ". The 'synthetic' data set is always available.");
        }
        return FASHION_MNIST_BY_DIR.computeIfAbsent(fashionMnistDir, dir -> {
            try {
                return FashionMnist.load(files);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read Fashion-MNIST from " + dir + ": " + e.getMessage(), e);
            }
        });
    }

    public List<String> names() {
        return NAMES;
    }

    /** Presence and sizes from file headers only; loads nothing. */
    public List<DatasetStatus> status() {
        return List.of(FashionMnist.status(fashionMnistDir), SyntheticImages.status());
    }

    private static Path canonical(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException absent) {
            return dir.toAbsolutePath().normalize();
        }
    }

    /** Generated on first use only (lazy holder idiom: thread-safe, no locking after). */
    private static final class SyntheticHolder {
        static final Dataset DATASET = SyntheticImages.generate();
    }
}
