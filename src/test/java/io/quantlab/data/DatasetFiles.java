package io.quantlab.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/** Writes small data sets in the official CIFAR and Tiny-ImageNet layouts, and zips, for tests. */
public final class DatasetFiles {

    static final int CIFAR_IMAGE = 3 * 32 * 32;

    private DatasetFiles() {}

    /**
     * The value of pixel (c, y, x) of image k of a CIFAR-style file: each class has its own
     * colour (so a model can learn it), and every pixel differs a little (so layouts are checked).
     */
    static int cifarPixel(int label, int k, int c, int y, int x) {
        int base = switch (c) {
            case 0 -> 20 + 23 * label;
            case 1 -> 230 - 21 * label;
            default -> (label % 2) * 150 + 40;
        };
        return (base + (k + y + 2 * x) % 16) & 0xff;
    }

    /** CIFAR records: {@code labelBytes} label bytes (the last is the class) + 3072 pixel bytes. */
    static byte[] cifarRecords(int count, int firstIndex, int classes, int labelBytes) {
        byte[] out = new byte[count * (labelBytes + CIFAR_IMAGE)];
        for (int k = 0; k < count; k++) {
            int index = firstIndex + k;
            int label = index % classes;
            int at = k * (labelBytes + CIFAR_IMAGE);
            if (labelBytes == 2) {
                out[at] = (byte) (label / 5); // coarse label of CIFAR-100: 20 superclasses of 5
            }
            out[at + labelBytes - 1] = (byte) label;
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        out[at + labelBytes + c * 1024 + y * 32 + x] = (byte) cifarPixel(label, index, c, y, x);
                    }
                }
            }
        }
        return out;
    }

    /** data_batch_1..batches.bin with {@code perBatch} records each, test_batch.bin, batches.meta.txt. */
    public static void writeCifar10(Path dir, int batches, int perBatch, int test) throws IOException {
        Files.createDirectories(dir);
        for (int b = 1; b <= batches; b++) {
            Files.write(dir.resolve("data_batch_" + b + ".bin"), cifarRecords(perBatch, (b - 1) * perBatch, 10, 1));
        }
        Files.write(dir.resolve("test_batch.bin"), cifarRecords(test, 0, 10, 1));
        Files.writeString(dir.resolve("batches.meta.txt"), "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\n"
                + "horse\nship\ntruck\n\n");
    }

    static void writeCifar100(Path dir, int train, int test) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("train.bin"), cifarRecords(train, 0, 100, 2));
        Files.write(dir.resolve("test.bin"), cifarRecords(test, 0, 100, 2));
    }

    /** Colour of Tiny-ImageNet image k of class c (solid, so JPEG keeps it within a level or two). */
    static int[] tinyColour(int c, int k) {
        return new int[] {40 + 60 * c, 200 - 50 * c + 3 * k, 100 + 10 * k};
    }

    static final List<String> TINY_WNIDS = List.of("n01443537", "n01629819", "n01641577");

    /**
     * A Tiny-ImageNet-200 layout with 3 classes, {@code perClass} training images each and
     * {@code val} validation images, all {@code side}×{@code side} JPEGs of solid colours.
     */
    public static void writeTinyImageNet(Path dir, int perClass, int val, int side) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("wnids.txt"), String.join("\n", TINY_WNIDS) + "\n");
        Files.writeString(dir.resolve("words.txt"), "n01443537\tgoldfish, Carassius auratus\n"
                + "n01629819\tEuropean fire salamander, Salamandra salamandra\nn99999999\tunused\n");
        for (int c = 0; c < TINY_WNIDS.size(); c++) {
            String wnid = TINY_WNIDS.get(c);
            Path images = Files.createDirectories(dir.resolve("train").resolve(wnid).resolve("images"));
            Files.writeString(dir.resolve("train").resolve(wnid).resolve(wnid + "_boxes.txt"), "");
            for (int k = 0; k < perClass; k++) {
                writeJpeg(images.resolve(wnid + "_" + k + ".JPEG"), side, tinyColour(c, k));
            }
        }
        Path valImages = Files.createDirectories(dir.resolve("val").resolve("images"));
        StringBuilder annotations = new StringBuilder();
        for (int k = 0; k < val; k++) {
            int c = k % TINY_WNIDS.size();
            writeJpeg(valImages.resolve("val_" + k + ".JPEG"), side, tinyColour(c, k));
            annotations.append("val_").append(k).append(".JPEG\t").append(TINY_WNIDS.get(c)).append("\t0\t1\t60\t61\n");
        }
        Files.writeString(dir.resolve("val").resolve("val_annotations.txt"), annotations);
    }

    static void writeJpeg(Path file, int side, int[] rgb) throws IOException {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_3BYTE_BGR);
        int value = (rgb[0] << 16) | (rgb[1] << 8) | rgb[2];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                image.setRGB(x, y, value);
            }
        }
        if (!ImageIO.write(image, "jpeg", file.toFile())) {
            throw new IOException("no JPEG writer");
        }
    }

    static void writeGrayJpeg(Path file, int side, int gray) throws IOException {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                image.getRaster().setSample(x, y, 0, gray);
            }
        }
        ImageIO.write(image, "jpeg", file.toFile());
    }

    /** Every regular file under {@code dir}, by its path relative to {@code dir} with a prefix. */
    public static Map<String, byte[]> filesOf(Path dir, String prefix) throws IOException {
        Map<String, byte[]> files = new java.util.TreeMap<>();
        List<Path> all;
        try (var walk = Files.walk(dir)) {
            all = new ArrayList<>(walk.filter(Files::isRegularFile).toList());
        }
        for (Path file : all) {
            files.put(prefix + dir.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
        }
        return files;
    }

    public static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static void write(Path file, String text) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
