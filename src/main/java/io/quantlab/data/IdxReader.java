package io.quantlab.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads files in the IDX format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/):
 * a magic number {@code 00 00 08 n} (unsigned bytes, n dimensions), n big-endian int32 sizes,
 * then the data. A file is read gzip-compressed when it starts with the gzip magic 0x1f8b,
 * plain otherwise, whatever its name.
 */
public final class IdxReader {

    /** The only element type the MNIST family uses. */
    static final int UNSIGNED_BYTE = 0x08;
    private static final int MAX_DIMENSIONS = 4;

    private IdxReader() {}

    /** The dimensions a file declares, e.g. {@code [60000, 28, 28]} for training images. */
    public record Header(int[] dims) {
        public Header {
            dims = dims.clone();
        }

        @Override
        public int[] dims() {
            return dims.clone();
        }

        public long elementCount() {
            long count = 1;
            for (int d : dims) {
                count *= d;
            }
            return count;
        }

        @Override
        public String toString() {
            return "Header" + Arrays.toString(dims);
        }
    }

    /** A whole IDX file: its header and its data as unsigned bytes (read with {@code & 0xff}). */
    public record Content(Header header, byte[] data) {}

    /** Reads only the header; cheap even for a compressed 60000-image file. */
    public static Header readHeader(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            return readHeader(in, file);
        }
    }

    /** Reads the header and all data; the data must be exactly as long as the header says. */
    public static Content read(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            Header header = readHeader(in, file);
            long count = header.elementCount();
            if (count > Integer.MAX_VALUE - 8) {
                throw new IOException(file + ": " + header + " declares " + count
                        + " elements, more than one array can hold");
            }
            byte[] data = new byte[(int) count];
            int read;
            try {
                read = in.readNBytes(data, 0, data.length);
            } catch (EOFException e) {
                // a gzip stream cut short ends this way instead of with a short read
                throw new IOException(file + " is truncated: the compressed data ends before the "
                        + count + " bytes " + header + " declares", e);
            }
            if (read < data.length) {
                throw new IOException(file + " is truncated: " + header + " declares " + count
                        + " bytes of data but the file has only " + read);
            }
            if (in.read() != -1) {
                throw new IOException(file + " is longer than its header " + header
                        + " says: more than " + count + " bytes of data");
            }
            return new Content(header, data);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        try {
            InputStream in = gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
            return new DataInputStream(in);
        } catch (IOException e) {
            raw.close();
            throw new IOException(file + ": broken gzip stream: " + e.getMessage(), e);
        }
    }

    private static Header readHeader(DataInputStream in, Path file) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new IOException(file + " is truncated: shorter than the 4-byte IDX magic number", e);
        }
        int zeros = magic >>> 16;
        int type = (magic >>> 8) & 0xff;
        int rank = magic & 0xff;
        if (zeros != 0 || type != UNSIGNED_BYTE || rank < 1 || rank > MAX_DIMENSIONS) {
            throw new IOException(String.format(
                    "%s is not an IDX file of unsigned bytes: magic number 0x%08x, expected 0x000008NN"
                            + " with NN the number of dimensions (1 to %d), e.g. 0x00000803 for images",
                    file, magic, MAX_DIMENSIONS));
        }
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            try {
                dims[i] = in.readInt();
            } catch (EOFException e) {
                throw new IOException(file + " is truncated: header declares " + rank
                        + " dimensions but ends after " + i, e);
            }
            if (dims[i] < 0) {
                throw new IOException(file + ": dimension " + i + " is negative (" + dims[i] + ")");
            }
        }
        return new Header(dims);
    }
}
