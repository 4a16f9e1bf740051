package io.quantlab.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The official file layouts a user-provided data set folder can be in, and how to tell them apart.
 * Normalization: a folder named like the data set its format was made for (e.g. {@code cifar-10}
 * in CIFAR-10 binary) uses that data set's published per-channel mean and std; any other folder
 * uses the mean and std of its own training images.
 */
enum DatasetFormat {
    MNIST_IDX("MNIST IDX", "train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and"
            + " t10k-labels-idx1-ubyte (each plain or .gz)"),
    CIFAR_10("CIFAR-10 binary", "data_batch_1.bin … data_batch_5.bin and test_batch.bin"),
    CIFAR_100("CIFAR-100 binary", "train.bin and test.bin"),
    TINY_IMAGENET("Tiny-ImageNet-200", "wnids.txt, train/<wnid>/images/*.JPEG, val/images/*.JPEG and"
            + " val/val_annotations.txt");

    /** Published statistics of the pixels scaled to [0, 1], per channel: {mean, std}. */
    private static final float[][] MNIST = {{0.1307f}, {0.3081f}};
    private static final float[][] CIFAR10 = {{0.4914f, 0.4822f, 0.4465f}, {0.2470f, 0.2435f, 0.2616f}};
    private static final float[][] CIFAR100 = {{0.5071f, 0.4865f, 0.4409f}, {0.2673f, 0.2564f, 0.2762f}};
    /** ImageNet's, as torchvision's pretrained models use them. */
    private static final float[][] IMAGENET = {{0.485f, 0.456f, 0.406f}, {0.229f, 0.224f, 0.225f}};
    private static final Map<DatasetFormat, Set<String>> CANONICAL_NAMES = Map.of(
            MNIST_IDX, Set.of("mnist"),
            CIFAR_10, Set.of("cifar-10", "cifar10"),
            CIFAR_100, Set.of("cifar-100", "cifar100"),
            TINY_IMAGENET, Set.of("tiny-imagenet", "tiny-imagenet-200"));

    final String title;
    /** The files that make up the layout, for messages. */
    final String files;

    DatasetFormat(String title, String files) {
        this.title = title;
        this.files = files;
    }

    /** Where a folder's data set is and in which format, or why none was found. */
    record Detection(DatasetFormat format, Path root, String problem) {
        boolean found() {
            return format != null;
        }
    }

    /**
     * Finds the format of {@code dir}, or of its only subfolder (zips and tarballs usually hold one
     * top folder such as {@code cifar-10-batches-bin/}). macOS's {@code __MACOSX} and hidden
     * entries are ignored.
     */
    static Detection detect(Path dir) {
        return detect(dir, Path::toString);
    }

    /** As {@link #detect(Path)}; messages name a folder by {@code shown} (a zip's root reads better as "the zip"). */
    static Detection detect(Path dir, Function<Path, String> shown) {
        Detection here = detectHere(dir, shown);
        if (here.found()) {
            return here;
        }
        List<Path> children = visibleChildren(dir);
        if (children.size() == 1 && Files.isDirectory(children.get(0))) {
            Detection nested = detectHere(children.get(0), shown);
            if (nested.found() || here.problem().startsWith("no known")) {
                return nested;
            }
        }
        return here;
    }

    private static Detection detectHere(Path dir, Function<Path, String> shown) {
        for (DatasetFormat format : values()) {
            if (format.missing(dir).isEmpty()) {
                return new Detection(format, dir, null);
            }
        }
        for (DatasetFormat format : values()) {
            if (format.partlyPresent(dir)) {
                return new Detection(null, dir, "looks like " + format.title + " but " + shown.apply(dir) + " lacks "
                        + String.join(", ", format.missing(dir)) + " (expected " + format.files + ")");
            }
        }
        List<String> expected = new ArrayList<>();
        for (DatasetFormat format : values()) {
            expected.add(format.title + " (" + format.files + ")");
        }
        return new Detection(null, dir, "no known format in " + shown.apply(dir) + "; expected one of: "
                + String.join("; ", expected));
    }

    List<String> missing(Path dir) {
        return switch (this) {
            case MNIST_IDX -> IdxDataset.locate(dir).missing();
            case CIFAR_10 -> CifarBinary.locate(dir, CifarBinary.Layout.CIFAR_10).missing();
            case CIFAR_100 -> CifarBinary.locate(dir, CifarBinary.Layout.CIFAR_100).missing();
            case TINY_IMAGENET -> TinyImageNet.locate(dir).missing();
        };
    }

    private boolean partlyPresent(Path dir) {
        return switch (this) {
            case MNIST_IDX -> IdxDataset.partlyPresent(IdxDataset.locate(dir));
            case CIFAR_10 -> CifarBinary.partlyPresent(CifarBinary.locate(dir, CifarBinary.Layout.CIFAR_10));
            case CIFAR_100 -> CifarBinary.partlyPresent(CifarBinary.locate(dir, CifarBinary.Layout.CIFAR_100));
            case TINY_IMAGENET -> TinyImageNet.partlyPresent(TinyImageNet.locate(dir));
        };
    }

    /** Reads and checks every file of the data set in {@code root} (a folder this format matched). */
    Dataset load(String name, Path root) throws IOException {
        return load(name, root, ImportProgress.NONE);
    }

    /** As {@link #load(String, Path)}, reporting decoded images where decoding is slow (JPEGs). */
    Dataset load(String name, Path root, ImportProgress progress) throws IOException {
        float[][] published = CANONICAL_NAMES.get(this).contains(name) ? publishedStatistics() : null;
        return switch (this) {
            case MNIST_IDX -> IdxDataset.load(name, IdxDataset.locate(root), 0,
                    published == null ? null : new float[] {published[0][0], published[1][0]}, null);
            case CIFAR_10 -> CifarBinary.load(name, CifarBinary.locate(root, CifarBinary.Layout.CIFAR_10), published);
            case CIFAR_100 -> CifarBinary.load(name, CifarBinary.locate(root, CifarBinary.Layout.CIFAR_100), published);
            case TINY_IMAGENET -> TinyImageNet.load(name, TinyImageNet.locate(root), published, progress);
        };
    }

    /** Presence and sizes from headers, file sizes or listings; decodes nothing. */
    DatasetStatus status(String name, Path root) {
        return switch (this) {
            case MNIST_IDX -> IdxDataset.status(name, IdxDataset.locate(root), 0, "expected " + files);
            case CIFAR_10 -> CifarBinary.status(name, CifarBinary.locate(root, CifarBinary.Layout.CIFAR_10));
            case CIFAR_100 -> CifarBinary.status(name, CifarBinary.locate(root, CifarBinary.Layout.CIFAR_100));
            case TINY_IMAGENET -> TinyImageNet.status(name, TinyImageNet.locate(root));
        };
    }

    private float[][] publishedStatistics() {
        return switch (this) {
            case MNIST_IDX -> MNIST;
            case CIFAR_10 -> CIFAR10;
            case CIFAR_100 -> CIFAR100;
            case TINY_IMAGENET -> IMAGENET;
        };
    }

    static List<Path> visibleChildren(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.filter(p -> !p.getFileName().toString().startsWith(".")
                    && !p.getFileName().toString().equals("__MACOSX")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
