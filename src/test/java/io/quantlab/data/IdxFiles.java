package io.quantlab.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes IDX files byte by byte as the format specifies, for tests. */
public final class IdxFiles {

    private IdxFiles() {}

    static byte[] bytes(int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000800 | dims.length);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(data);
        out.flush();
        return bytes.toByteArray();
    }

    static Path write(Path file, int[] dims, byte[] data, boolean gzip) throws IOException {
        byte[] content = bytes(dims, data);
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(content);
        }
        return file;
    }

    static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }

    /** A Fashion-MNIST-shaped set of four gzip files: pixel i of image k is (k + i) % 256, label k % 10. */
    public static void writeFashionMnist(Path dir, int train, int test, int side) throws IOException {
        writeSplit(dir, "train", train, side);
        writeSplit(dir, "t10k", test, side);
    }

    private static void writeSplit(Path dir, String prefix, int count, int side) throws IOException {
        byte[] images = new byte[count * side * side];
        for (int k = 0; k < count; k++) {
            for (int i = 0; i < side * side; i++) {
                images[k * side * side + i] = (byte) ((k + i) % 256);
            }
        }
        byte[] labels = new byte[count];
        for (int k = 0; k < count; k++) {
            labels[k] = (byte) (k % 10);
        }
        write(dir.resolve(prefix + "-images-idx3-ubyte.gz"), new int[] {count, side, side}, images, true);
        write(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), new int[] {count}, labels, true);
    }
}
