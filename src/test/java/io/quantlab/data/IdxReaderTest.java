package io.quantlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path dir;

    private static final int[] DIMS = {3, 2, 4};
    private static final byte[] DATA = new byte[24];

    static {
        for (int i = 0; i < DATA.length; i++) {
            DATA[i] = (byte) (i * 11); // crosses 127, so signedness matters
        }
    }

    @Test
    void readsPlainAndGzipFilesAlikeWhateverTheirName() throws IOException {
        Path plain = IdxFiles.write(dir.resolve("images.gz"), DIMS, DATA, false); // misleading name on purpose
        Path gzip = IdxFiles.write(dir.resolve("images"), DIMS, DATA, true);
        for (Path file : new Path[] {plain, gzip}) {
            IdxReader.Content content = IdxReader.read(file);
            assertArrayEquals(DIMS, content.header().dims());
            assertArrayEquals(DATA, content.data());
            assertEquals(242, content.data()[22] & 0xff);
        }
    }

    @Test
    void readsHeaderAlone() throws IOException {
        Path file = IdxFiles.write(dir.resolve("labels.gz"), new int[] {60000}, new byte[60000], true);
        IdxReader.Header header = IdxReader.readHeader(file);
        assertArrayEquals(new int[] {60000}, header.dims());
        assertEquals(60000, header.elementCount());
    }

    @Test
    void rejectsWrongMagicNumberNamingWhatWasExpected() throws IOException {
        byte[] bytes = IdxFiles.bytes(DIMS, DATA);
        bytes[2] = 0x0D; // float data, not unsigned bytes
        Path file = Files.write(dir.resolve("floats"), bytes);
        IOException e = assertThrows(IOException.class, () -> IdxReader.read(file));
        assertTrue(e.getMessage().contains("magic number 0x00000d03"), e.getMessage());
        assertTrue(e.getMessage().contains("expected 0x000008NN"), e.getMessage());

        Path png = Files.write(dir.resolve("picture.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3, 4});
        assertThrows(IOException.class, () -> IdxReader.readHeader(png));
    }

    @Test
    void rejectsTruncatedPlainFile() throws IOException {
        byte[] bytes = IdxFiles.bytes(DIMS, DATA);
        Path file = Files.write(dir.resolve("short"), Arrays.copyOf(bytes, bytes.length - 5));
        IOException e = assertThrows(IOException.class, () -> IdxReader.read(file));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("declares 24 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("only 19"), e.getMessage());
    }

    @Test
    void rejectsTruncatedGzipFile() throws IOException {
        byte[] gz = IdxFiles.gzip(IdxFiles.bytes(new int[] {1000, 28, 28}, new byte[1000 * 28 * 28]));
        Path file = Files.write(dir.resolve("short.gz"), Arrays.copyOf(gz, gz.length / 2));
        IOException e = assertThrows(IOException.class, () -> IdxReader.read(file));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void rejectsHeaderCutShort() throws IOException {
        byte[] bytes = IdxFiles.bytes(DIMS, DATA);
        Path file = Files.write(dir.resolve("header"), Arrays.copyOf(bytes, 9));
        IOException e = assertThrows(IOException.class, () -> IdxReader.readHeader(file));
        assertTrue(e.getMessage().contains("declares 3 dimensions but ends after 1"), e.getMessage());
    }

    @Test
    void rejectsDataLongerThanTheHeaderSays() throws IOException {
        Path file = IdxFiles.write(dir.resolve("long"), new int[] {3, 2, 3}, DATA, false);
        IOException e = assertThrows(IOException.class, () -> IdxReader.read(file));
        assertTrue(e.getMessage().contains("longer than its header"), e.getMessage());
    }
}
