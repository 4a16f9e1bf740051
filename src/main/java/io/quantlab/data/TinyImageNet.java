package io.quantlab.data;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The Tiny-ImageNet-200 folder layout (http://cs231n.stanford.edu/tiny-imagenet-200.zip):
 * {@code wnids.txt} lists the class ids (one WordNet id per line, label = line order);
 * {@code train/<wnid>/images/*.JPEG} are the training images; {@code val/images/*.JPEG} with
 * {@code val/val_annotations.txt} (file name, tab, wnid, then the bounding box) serve as the test
 * split, as the official test split has no labels. Images are 64×64 RGB JPEGs (a few are
 * grayscale: their one channel is copied to all three), decoded with ImageIO. Class names come
 * from {@code words.txt} when present.
 */
final class TinyImageNet {

    static final int CHANNELS = 3;
    private static final Set<String> IMAGE_SUFFIXES = Set.of(".jpeg", ".jpg", ".png");

    private TinyImageNet() {}

    record Location(Path dir, Path wnids, Path train, Path valImages, Path valAnnotations, List<String> missing) {}

    static Location locate(Path dir) {
        Path wnids = dir.resolve("wnids.txt");
        Path train = dir.resolve("train");
        Path valImages = dir.resolve("val").resolve("images");
        Path annotations = dir.resolve("val").resolve("val_annotations.txt");
        List<String> missing = new ArrayList<>();
        if (!Files.isRegularFile(wnids)) {
            missing.add("wnids.txt");
        }
        if (!Files.isDirectory(train)) {
            missing.add("train/");
        }
        if (!Files.isDirectory(valImages)) {
            missing.add("val/images/");
        }
        if (!Files.isRegularFile(annotations)) {
            missing.add("val/val_annotations.txt");
        }
        return new Location(dir, wnids, train, valImages, annotations, List.copyOf(missing));
    }

    /** wnids.txt is the layout's signature; train/ and val/ alone are too common a pair. */
    static boolean partlyPresent(Location files) {
        return Files.isRegularFile(files.wnids());
    }

    /** As {@link #load(String, Location, float[][], ImportProgress)}, reporting to no one. */
    static Dataset load(String name, Location files, float[][] meanStd) throws IOException {
        return load(name, files, meanStd, ImportProgress.NONE);
    }

    /**
     * @param meanStd  {@code {mean[3], std[3]}}, or null to compute them from the training images
     * @param progress hears every decoded image, training and test images counted together
     */
    static Dataset load(String name, Location files, float[][] meanStd, ImportProgress progress) throws IOException {
        List<String> wnids = wnids(files.wnids());
        Map<String, Integer> classOf = new HashMap<>();
        for (int i = 0; i < wnids.size(); i++) {
            classOf.put(wnids.get(i), i);
        }
        List<Path> trainFiles = new ArrayList<>();
        List<Integer> trainClasses = new ArrayList<>();
        for (int c = 0; c < wnids.size(); c++) {
            for (Path image : trainImages(files, wnids.get(c))) {
                trainFiles.add(image);
                trainClasses.add(c);
            }
        }
        List<Path> testFiles = new ArrayList<>();
        List<Integer> testClasses = new ArrayList<>();
        readAnnotations(files, classOf, testFiles, testClasses);

        BufferedImage first = decode(trainFiles.get(0));
        int height = first.getHeight();
        int width = first.getWidth();
        long total = trainFiles.size() + testFiles.size();
        AtomicLong decoded = new AtomicLong();
        Runnable imageDone = () -> progress.report(ImportProgress.DECODING, decoded.incrementAndGet(), total);
        progress.report(ImportProgress.DECODING, 0, total);
        byte[] trainPixels = decodeAll(trainFiles, height, width, imageDone);
        byte[] testPixels = decodeAll(testFiles, height, width, imageDone);
        float[][] stats = meanStd != null ? meanStd : Dataset.channelStatistics(trainPixels, CHANNELS, height * width);
        return new Dataset(name, CHANNELS, height, width, wnids.size(),
                trainPixels, trainClasses.stream().mapToInt(Integer::intValue).toArray(),
                testPixels, testClasses.stream().mapToInt(Integer::intValue).toArray(),
                stats[0], stats[1], classNames(files.dir().resolve("words.txt"), wnids));
    }

    /** Counts by listing the folders and the annotation lines; decodes nothing. */
    static DatasetStatus status(String name, Location files) {
        if (!files.missing().isEmpty()) {
            return new DatasetStatus(name, false, 0, 0, "Tiny-ImageNet-200 layout incomplete in " + files.dir()
                    + ": missing " + String.join(", ", files.missing()));
        }
        try {
            List<String> wnids = wnids(files.wnids());
            int train = 0;
            for (String wnid : wnids) {
                train += trainImages(files, wnid).size();
            }
            int test = (int) Files.readAllLines(files.valAnnotations(), StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.isBlank()).count();
            return new DatasetStatus(name, true, train, test, "RGB images, " + wnids.size()
                    + " classes, Tiny-ImageNet-200 layout in " + files.dir() + " (the val split is the test split)");
        } catch (IOException e) {
            return new DatasetStatus(name, false, 0, 0, "unreadable: " + e.getMessage());
        }
    }

    private static List<String> wnids(Path file) throws IOException {
        List<String> wnids = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String wnid = lines.get(i).strip();
            if (wnid.isEmpty()) {
                continue;
            }
            ClassNames.check(wnid, file.getFileName() + " line " + (i + 1));
            if (wnid.contains("/") || wnid.contains("\\") || wnid.contains("..") || wnid.contains("\t")) {
                throw new IOException(file + ": '" + wnid + "' is not a class id (one WordNet id like n01443537 per line)");
            }
            if (!seen.add(wnid)) {
                throw new IOException(file + " lists " + wnid + " twice");
            }
            wnids.add(wnid);
        }
        if (wnids.size() < 2) {
            throw new IOException(file + " lists " + wnids.size() + " class ids; a classifier needs at least 2");
        }
        return wnids;
    }

    private static List<Path> trainImages(Location files, String wnid) throws IOException {
        Path dir = files.train().resolve(wnid).resolve("images");
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is missing: wnids.txt lists " + wnid
                    + " but the training images of a class belong in train/<wnid>/images/");
        }
        List<Path> images;
        try (Stream<Path> listing = Files.list(dir)) {
            images = listing.filter(TinyImageNet::isImage).sorted().toList();
        }
        if (images.isEmpty()) {
            throw new IOException(dir + " holds no .JPEG images");
        }
        return images;
    }

    private static void readAnnotations(Location files, Map<String, Integer> classOf, List<Path> images,
                                        List<Integer> classes) throws IOException {
        List<String> lines = Files.readAllLines(files.valAnnotations(), StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.trim().split("\\s+");
            String where = files.valAnnotations() + " line " + (i + 1);
            if (fields.length < 2) {
                throw new IOException(where + ": expected '<file>\\t<wnid>\\t<box>', got '" + line + "'");
            }
            Integer label = classOf.get(fields[1]);
            if (label == null) {
                throw new IOException(where + ": class id " + fields[1] + " is not in wnids.txt");
            }
            Path image = files.valImages().resolve(fields[0]).normalize();
            if (!image.getParent().equals(files.valImages().normalize()) || !Files.isRegularFile(image)) {
                throw new IOException(where + ": image " + fields[0] + " is not in " + files.valImages());
            }
            images.add(image);
            classes.add(label);
        }
        if (images.isEmpty()) {
            throw new IOException(files.valAnnotations() + " lists no images");
        }
    }

    /** Decodes every file in parallel into NCHW bytes; all must be {@code height × width}. */
    private static byte[] decodeAll(List<Path> files, int height, int width, Runnable imageDone) throws IOException {
        int imageSize = CHANNELS * height * width;
        if ((long) files.size() * imageSize > Integer.MAX_VALUE - 8) {
            throw new IOException(files.size() + " images of " + width + "x" + height + " are too many for one array");
        }
        byte[] pixels = new byte[files.size() * imageSize];
        try {
            IntStream.range(0, files.size()).parallel().forEach(i -> {
                try {
                    BufferedImage image = decode(files.get(i));
                    if (image.getHeight() != height || image.getWidth() != width) {
                        throw new IOException(files.get(i) + " is " + image.getWidth() + "x" + image.getHeight()
                                + " but the images before it are " + width + "x" + height
                                + "; all images of a data set must have one size");
                    }
                    copyChannels(image, pixels, i * imageSize);
                    imageDone.run();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return pixels;
    }

    private static BufferedImage decode(Path file) throws IOException {
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + " cannot be decoded as an image: " + e.getMessage(), e);
        }
        if (image == null) {
            throw new IOException(file + " is not an image ImageIO can read (expected a JPEG)");
        }
        return image;
    }

    /** Red, green, blue planes; a one-band (grayscale) image is copied to all three. */
    private static void copyChannels(BufferedImage image, byte[] pixels, int offset) {
        int height = image.getHeight();
        int width = image.getWidth();
        int plane = height * width;
        Raster raster = image.getRaster();
        if (raster.getNumBands() == 1) {
            int[] gray = raster.getSamples(0, 0, width, height, 0, (int[]) null);
            for (int c = 0; c < CHANNELS; c++) {
                for (int i = 0; i < plane; i++) {
                    pixels[offset + c * plane + i] = (byte) gray[i];
                }
            }
            return;
        }
        // getRGB converts any colour model to 8-bit sRGB; exact for the usual 3-byte JPEG decode
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        for (int i = 0; i < plane; i++) {
            int p = argb[i];
            pixels[offset + i] = (byte) (p >>> 16);
            pixels[offset + plane + i] = (byte) (p >>> 8);
            pixels[offset + 2 * plane + i] = (byte) p;
        }
    }

    private static boolean isImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot > 0 && IMAGE_SUFFIXES.contains(name.substring(dot)) && Files.isRegularFile(file);
    }

    /**
     * From words.txt ("wnid<TAB>synonym, synonym, …"): the first synonym; the wnid itself otherwise.
     * Only the names of the listed classes are checked against {@link ClassNames}' rule (words.txt
     * lists all of WordNet's 82,115 ids).
     */
    private static List<String> classNames(Path wordsFile, List<String> wnids) throws IOException {
        Map<String, Integer> classOf = new HashMap<>();
        for (int i = 0; i < wnids.size(); i++) {
            classOf.put(wnids.get(i), i);
        }
        List<String> names = new ArrayList<>(wnids);
        List<String> lines = ClassNames.lines(wordsFile).orElse(List.of());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int tab = line.indexOf('\t');
            Integer c = tab > 0 ? classOf.get(line.substring(0, tab).trim()) : null;
            String word = c == null ? "" : line.substring(tab + 1).split(",")[0].strip();
            if (!word.isEmpty()) {
                names.set(c, ClassNames.check(word, wordsFile.getFileName() + " line " + (i + 1)));
            }
        }
        return names;
    }
}
