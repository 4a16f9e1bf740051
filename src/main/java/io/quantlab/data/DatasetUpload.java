package io.quantlab.data;

import io.quantlab.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Handles an uploaded zip safely, in two steps. On the request: {@link #store} keeps the upload (at
 * most {@code maxBytes}), {@link #checkListing} reads its central directory with {@link ZipFile}
 * (the listing a zip tool shows; local headers can disagree with it) and {@link #detect} finds the
 * format from that listing; nothing is unpacked, so this is quick even for 100,000 files. In the
 * job: {@link #unpack}. Every entry must stay inside the target folder (no absolute paths, no
 * {@code ..}: "zip slip"), the unpacked bytes are counted as they are written (declared sizes can
 * lie: "zip bomb"), and the number of entries is bounded. macOS's {@code __MACOSX/} and
 * {@code .DS_Store} entries are skipped.
 */
final class DatasetUpload {

    /** More than Tiny-ImageNet-200's ~120,000 files, few enough to list quickly. */
    static final int MAX_ENTRIES = 200_000;
    /** The stored upload's name inside its work folder. */
    static final String ZIP = "upload.zip";
    private static final int BUFFER = 1 << 16;

    private DatasetUpload() {}

    /**
     * Stores {@code zip} as {@code work/upload.zip}, which it returns.
     *
     * @throws InvalidInputException (field "file") for a zip over the limit
     */
    static Path store(InputStream zip, long maxBytes, Path work) throws IOException {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
        Path upload = work.resolve(ZIP);
        try (OutputStream out = Files.newOutputStream(upload)) {
            if (copy(zip, out, maxBytes) < 0) {
                throw tooBig("The zip is larger than", maxBytes);
            }
        }
        return upload;
    }

    /**
     * Reads only the central directory: the number of entries, every name inside the folder, and
     * the declared unpacked sizes within {@code maxBytes} ({@link #unpack} counts the real ones).
     *
     * @throws InvalidInputException (field "file") for a zip that is unsafe, too big or broken
     */
    static void checkListing(Path upload, long maxBytes) throws IOException {
        Path anywhere = upload.resolveSibling("data");
        long declared = 0;
        try (ZipFile file = new ZipFile(upload.toFile())) {
            if (file.size() > MAX_ENTRIES) {
                throw tooManyEntries();
            }
            Enumeration<? extends ZipEntry> all = file.entries();
            while (all.hasMoreElements()) {
                ZipEntry entry = all.nextElement();
                String name = entry.getName().replace('\\', '/');
                if (skipped(name)) {
                    continue;
                }
                safeTarget(anywhere, name);
                declared += Math.max(0, entry.getSize());
                if (declared > maxBytes) {
                    throw tooBig("The zip unpacks to more than", maxBytes);
                }
            }
        } catch (ZipException e) {
            throw notAZip(e);
        }
    }

    /**
     * The format of the data set in the zip, found in its listing through the zip file system
     * (nothing is unpacked); messages call the zip "the zip". Call after {@link #checkListing}.
     */
    static DatasetFormat.Detection detect(Path upload) throws IOException {
        try (FileSystem zip = FileSystems.newFileSystem(upload)) {
            Path root = zip.getPath("/");
            return DatasetFormat.detect(root, dir -> dir.getNameCount() == 0 ? "the zip"
                    : "the zip's folder " + root.relativize(dir));
        } catch (ZipException e) {
            throw notAZip(e);
        }
    }

    /**
     * Unpacks {@code upload} into the folder {@code data} (emptied first: an earlier attempt may
     * have been cut short), which it returns, reporting each entry to {@code progress}.
     *
     * @throws InvalidInputException (field "file") for a zip over the limit, unsafe or broken
     */
    static Path unpack(Path upload, long maxBytes, Path data, ImportProgress progress) throws IOException {
        deleteRecursively(data);
        Files.createDirectories(data);
        long written = 0;
        int entries = 0;
        try (ZipFile file = new ZipFile(upload.toFile())) {
            int total = file.size();
            Enumeration<? extends ZipEntry> all = file.entries();
            while (all.hasMoreElements()) {
                ZipEntry entry = all.nextElement();
                if (++entries > MAX_ENTRIES) {
                    throw tooManyEntries();
                }
                progress.report(ImportProgress.UNPACKING, entries, total);
                String name = entry.getName().replace('\\', '/');
                if (skipped(name)) {
                    continue;
                }
                Path target = safeTarget(data, name);
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = file.getInputStream(entry);
                     OutputStream out = Files.newOutputStream(target, java.nio.file.StandardOpenOption.CREATE_NEW)) {
                    long copied = copy(in, out, maxBytes - written);
                    if (copied < 0) {
                        throw tooBig("The zip unpacks to more than", maxBytes);
                    }
                    written += copied;
                } catch (FileAlreadyExistsException e) {
                    throw new InvalidInputException("file", "The zip holds " + InvalidInputException.quote(name) + " twice.");
                }
            }
        } catch (ZipException e) {
            throw notAZip(e);
        }
        return data;
    }

    /** Deletes a folder and everything in it, as far as possible (clean-up never throws). */
    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a leftover hidden .upload-* folder is ignored by every listing
                }
            });
        } catch (IOException | RuntimeException ignored) {
            // as above
        }
    }

    private static boolean skipped(String name) {
        String last = name.endsWith("/") ? "" : name.substring(name.lastIndexOf('/') + 1);
        return name.startsWith("__MACOSX/") || last.equals(".DS_Store") || last.startsWith("._");
    }

    /** {@code data/name}, refusing anything that would land outside {@code data}. */
    private static Path safeTarget(Path data, String name) {
        boolean absolute = name.startsWith("/") || name.matches("^[A-Za-z]:.*");
        boolean climbs = false;
        for (String part : name.split("/")) {
            climbs |= part.equals("..");
        }
        Path target = data.resolve(name).normalize();
        if (absolute || climbs || name.indexOf('\0') >= 0 || !target.startsWith(data)) {
            throw new InvalidInputException("file", "The zip entry " + InvalidInputException.quote(name)
                    + " points outside the data set folder; entries must be relative paths without '..'.");
        }
        return target;
    }

    /** Copies at most {@code limit} bytes; returns the count, or -1 when the input is longer. */
    private static long copy(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > limit) {
                return -1;
            }
            out.write(buffer, 0, n);
        }
        return total;
    }

    private static InvalidInputException tooManyEntries() {
        return new InvalidInputException("file", "The zip holds more than " + MAX_ENTRIES + " entries.");
    }

    private static InvalidInputException notAZip(ZipException e) {
        return new InvalidInputException("file", "The upload is not a readable zip file: " + e.getMessage() + ".");
    }

    private static InvalidInputException tooBig(String what, long maxBytes) {
        return new InvalidInputException("file", what + " the limit of " + megabytes(maxBytes) + ".");
    }

    private static String megabytes(long bytes) {
        return bytes >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1 << 20)) : bytes + " bytes";
    }
}
