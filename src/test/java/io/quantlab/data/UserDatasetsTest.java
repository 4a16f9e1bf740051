package io.quantlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User data sets: folders found in the user data set folder, and zip uploads into it. */
class UserDatasetsTest {

    private static final long LIMIT = 10 << 20;

    @TempDir
    Path dir;

    private Path users() {
        return dir.resolve("datasets");
    }

    private Datasets datasets() {
        return new Datasets(dir.resolve("no-fashion-here"), users());
    }

    @Test
    void foldersInTheUserFolderAreListedLoadedAndKnown() throws IOException {
        DatasetFiles.writeCifar10(users().resolve("class-cifar").resolve("cifar-10-batches-bin"), 1, 12, 6);
        DatasetFiles.writeCifar100(users().resolve("class-cifar100"), 8, 4);
        Files.createDirectories(users().resolve("notes"));
        Files.createDirectories(users().resolve("Bad_Name"));
        Datasets datasets = datasets();

        assertEquals(List.of("fashion-mnist", "synthetic", "class-cifar", "class-cifar100"), datasets.names());

        List<DatasetStatus> status = datasets.status();
        assertEquals(List.of("fashion-mnist", "synthetic", "class-cifar", "class-cifar100", "notes"),
                status.stream().map(DatasetStatus::name).toList());
        assertEquals(12, status.get(2).trainSamples());
        assertTrue(status.get(3).present());
        assertFalse(status.get(4).present());
        assertTrue(status.get(4).detail().contains("no known format"), status.get(4).detail());

        Dataset data = datasets.get("class-cifar");
        assertEquals(12, data.trainSize());
        assertEquals(10, data.classes());
        assertSame(data, datasets().get("class-cifar"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> datasets.get("notes"));
        assertEquals("dataset", e.field());
        assertTrue(e.getMessage().contains("no known format"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> datasets.get("../datasets/class-cifar"));
        assertTrue(e.getMessage().contains("class-cifar, class-cifar100"), e.getMessage());
    }

    @Test
    void brokenFilesInAUserFolderGiveAClearError() throws IOException {
        Path folder = users().resolve("half-cifar");
        DatasetFiles.writeCifar10(folder, 1, 3, 3);
        Files.write(folder.resolve("test_batch.bin"), new byte[3073 * 2 + 5]);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> datasets().get("half-cifar"));
        assertTrue(e.getMessage().contains("test_batch.bin is truncated or not CIFAR-10 binary"), e.getMessage());
    }

    @Test
    void importedZipIsUnpackedValidatedAndUsable() throws IOException {
        Path source = dir.resolve("source");
        DatasetFiles.writeCifar10(source, 2, 5, 4);
        Map<String, byte[]> entries = new TreeMap<>(DatasetFiles.filesOf(source, "cifar-10-batches-bin/"));
        entries.put("__MACOSX/cifar-10-batches-bin/._test_batch.bin", new byte[] {1, 2});
        Datasets datasets = datasets();

        DatasetStatus status = importZip(datasets, "seminar-cifar", zip(entries), LIMIT);

        assertTrue(status.present(), status.detail());
        assertEquals(10, status.trainSamples());
        assertEquals(3, status.testSamples(), "4 test images, a quarter (1) in the hidden split");
        assertTrue(Files.isRegularFile(users().resolve("seminar-cifar/cifar-10-batches-bin/data_batch_2.bin")));
        assertFalse(Files.exists(users().resolve("seminar-cifar/__MACOSX")));
        assertTrue(datasets.names().contains("seminar-cifar"));
        assertEquals(10, datasets.get("seminar-cifar").trainSize());
        assertOnlyDatasetFolders("seminar-cifar");

        InvalidInputException again = assertThrows(InvalidInputException.class,
                () -> importZip(datasets, "seminar-cifar", zip(entries), LIMIT));
        assertEquals("name", again.field());
        assertTrue(again.getMessage().contains("exists already"), again.getMessage());
    }

    @Test
    void zipSlipIsRefusedAndLeavesNothing() throws IOException {
        Path source = dir.resolve("source");
        DatasetFiles.writeCifar100(source, 3, 3);
        for (String evil : List.of("../../escaped.bin", "/tmp/absolute.bin", "ok/..\\..\\..\\escaped.bin")) {
            Map<String, byte[]> entries = new TreeMap<>(DatasetFiles.filesOf(source, ""));
            entries.put(evil, new byte[] {1});
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> importZip(datasets(), "slippery", zip(entries), LIMIT));
            assertEquals("file", e.field());
            assertTrue(e.getMessage().contains("points outside the data set folder"), e.getMessage());
        }
        assertFalse(Files.exists(dir.resolve("escaped.bin")));
        assertFalse(Files.exists(users().getParent().getParent().resolve("escaped.bin")));
        assertOnlyDatasetFolders();
    }

    @Test
    void zipsOverTheLimitAreRefusedPackedOrUnpacked() throws IOException {
        Path source = dir.resolve("source");
        DatasetFiles.writeCifar100(source, 30, 10);
        byte[] zip = DatasetFiles.zip(DatasetFiles.filesOf(source, ""));
        InvalidInputException packed = assertThrows(InvalidInputException.class,
                () -> importZip(datasets(), "big", new ByteArrayInputStream(zip), zip.length - 1));
        assertTrue(packed.getMessage().contains("The zip is larger than the limit"), packed.getMessage());

        // a zip bomb: 8 MB of zeros compress to a few KB
        byte[] bomb = DatasetFiles.zip(Map.of("train.bin", new byte[8 << 20]));
        assertTrue(bomb.length < 100_000);
        InvalidInputException unpacked = assertThrows(InvalidInputException.class,
                () -> importZip(datasets(), "bomb", new ByteArrayInputStream(bomb), 1 << 20));
        assertEquals("file", unpacked.field());
        assertTrue(unpacked.getMessage().contains("unpacks to more than the limit of 1.0 MB"), unpacked.getMessage());
        assertOnlyDatasetFolders();
    }

    @Test
    void badNamesAreRefusedBeforeReadingTheZip() {
        for (String name : List.of("A", "x", "Has Caps", "dots.bad", "../up", "a".repeat(41), "fashion-mnist",
                "synthetic")) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> importZip(datasets(), name, new ByteArrayInputStream(new byte[0]), LIMIT), name);
            assertEquals("name", e.field());
        }
        assertFalse(Files.exists(users().resolve("..").resolve("up")));
    }

    @Test
    void unknownFormatOrBrokenDataIsRefusedAndLeavesNothing() throws IOException {
        InvalidInputException unknown = assertThrows(InvalidInputException.class,
                () -> importZip(datasets(), "pictures", zip(Map.of("photos/cat.png", new byte[] {1, 2, 3},
                        "photos/dog.png", new byte[] {4})), LIMIT));
        assertEquals("file", unknown.field());
        assertTrue(unknown.getMessage().contains("no data set in a known format"), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("CIFAR-10 binary"), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("no known format in the zip's folder photos;"), unknown.getMessage());

        Path source = dir.resolve("source");
        DatasetFiles.writeCifar10(source, 1, 3, 3);
        Files.write(source.resolve("test_batch.bin"), new byte[100]);
        InvalidInputException broken = assertThrows(InvalidInputException.class,
                () -> importZip(datasets(), "broken", zip(DatasetFiles.filesOf(source, "")), LIMIT));
        assertTrue(broken.getMessage().contains("holds CIFAR-10 binary files but they do not load"),
                broken.getMessage());
        assertTrue(broken.getMessage().contains("test_batch.bin is truncated"), broken.getMessage());

        InvalidInputException notZip = assertThrows(InvalidInputException.class,
                () -> importZip(datasets(), "garbage", new ByteArrayInputStream("hello".getBytes()), LIMIT));
        assertTrue(notZip.getMessage().contains("not a readable zip"), notZip.getMessage());
        assertOnlyDatasetFolders();
        assertFalse(datasets().names().contains("broken"));
    }

    @Test
    void anUploadWithAnUnprintableClassNameFailsNamingTheLineAndLeavesNothing() throws IOException {
        Path source = dir.resolve("source");
        DatasetFiles.writeCifar10(source, 1, 3, 3);
        Files.writeString(source.resolve("batches.meta.txt"), "plane\ncar\u0000\nbird\ncat\ndeer\ndog\nfrog\nhorse\n"
                + "ship\ntruck\n");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> importZip(datasets(), "nul-cifar", zip(DatasetFiles.filesOf(source, "cifar/")), LIMIT));
        assertEquals("file", e.field());
        assertEquals("The zip holds CIFAR-10 binary files but they do not load: batches.meta.txt line 2: class name"
                + " 'car?' holds U+0000, which is not a printable character", e.getMessage());
        assertOnlyDatasetFolders();
    }

    @Test
    void stagingReadsOnlyTheListingThenTheImportDecodesWithProgress() throws IOException {
        Path source = dir.resolve("source");
        DatasetFiles.writeTinyImageNet(source, 2, 3, 16);
        Datasets datasets = datasets();

        StagedUpload staged = datasets.stage("staged-tiny", zip(DatasetFiles.filesOf(source, "tiny-imagenet-200/")), LIMIT);

        assertEquals("Tiny-ImageNet-200", staged.format());
        assertTrue(staged.folder().startsWith(".upload-"), staged.folder());
        try (Stream<Path> waiting = Files.list(users().resolve(staged.folder()))) {
            assertEquals(List.of("upload.zip"), waiting.map(p -> p.getFileName().toString()).toList());
        }
        assertFalse(datasets.names().contains("staged-tiny"));

        Map<String, long[]> last = new TreeMap<>();
        DatasetStatus status = datasets.importStaged(staged, LIMIT, (phase, done, total) -> {
            synchronized (last) {
                long[] before = last.get(phase);
                assertTrue(before == null || total == before[1], "the total of a phase stays put");
                last.put(phase, new long[] {Math.max(done, before == null ? 0 : before[0]), total});
            }
        });

        assertEquals(List.of(true, 6, 3), List.of(status.present(), status.trainSamples(), status.testSamples()));
        assertEquals(List.of(ImportProgress.DECODING, ImportProgress.UNPACKING), List.copyOf(last.keySet()));
        assertEquals(9, last.get(ImportProgress.DECODING)[0]); // 6 training + 3 test images
        assertEquals(9, last.get(ImportProgress.DECODING)[1]);
        assertEquals(last.get(ImportProgress.UNPACKING)[1], last.get(ImportProgress.UNPACKING)[0]);
        assertEquals(6, datasets.trainingImages("staged-tiny"));
        assertOnlyDatasetFolders("staged-tiny");
    }

    @Test
    void anImportRetriedAfterItsDataSetMovedInFindsItDoneNotTaken() throws IOException {
        Path source = dir.resolve("source");
        DatasetFiles.writeTinyImageNet(source, 2, 3, 16);
        Datasets datasets = datasets();
        StagedUpload staged = datasets.stage("retried-tiny", zip(DatasetFiles.filesOf(source, "")), LIMIT);
        datasets.importStaged(staged, LIMIT, ImportProgress.NONE);

        // the job's worker stopped before marking the import ready; the queue runs it again
        DatasetStatus again = datasets.importStaged(staged, LIMIT, ImportProgress.NONE);

        assertEquals(List.of(true, 6, 3), List.of(again.present(), again.trainSamples(), again.testSamples()));
        assertOnlyDatasetFolders("retried-tiny");
        StagedUpload other = datasets.stage("other-tiny", zip(DatasetFiles.filesOf(source, "")), LIMIT);
        StagedUpload sameName = new StagedUpload("retried-tiny", other.folder(), other.format());
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> datasets.importStaged(sameName, LIMIT, ImportProgress.NONE));
        assertTrue(e.getMessage().contains("exists already"), e.getMessage());
    }

    @Test
    void aCorruptJpegFailsTheImportAndLeavesNothing() throws IOException {
        Path source = dir.resolve("source");
        DatasetFiles.writeTinyImageNet(source, 2, 3, 16);
        Files.write(source.resolve("val/images/val_1.JPEG"), "not a picture".getBytes());
        Datasets datasets = datasets();
        StagedUpload staged = datasets.stage("corrupt-tiny", zip(DatasetFiles.filesOf(source, "")), LIMIT);

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> datasets.importStaged(staged, LIMIT, ImportProgress.NONE));

        assertEquals("file", e.field());
        assertTrue(e.getMessage().contains("holds Tiny-ImageNet-200 files but they do not load"), e.getMessage());
        assertTrue(e.getMessage().contains("val/images/val_1.JPEG is not an image ImageIO can read"), e.getMessage());
        assertFalse(e.getMessage().contains(users().toString()), "no server paths: " + e.getMessage());
        assertOnlyDatasetFolders();
        assertFalse(datasets.names().contains("corrupt-tiny"));
    }

    @Test
    void aLayoutWithPartsMissingIsRefusedFromTheListing() throws IOException {
        Path source = dir.resolve("source");
        DatasetFiles.writeTinyImageNet(source, 1, 1, 8);
        Map<String, byte[]> entries = new TreeMap<>(DatasetFiles.filesOf(source, "tiny/"));
        entries.keySet().removeIf(name -> name.startsWith("tiny/val/"));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> datasets().stage("half-tiny", zip(entries), LIMIT));
        assertEquals("file", e.field());
        assertTrue(e.getMessage().contains("looks like Tiny-ImageNet-200 but the zip's folder tiny lacks val/images/,"
                + " val/val_annotations.txt"), e.getMessage());
        assertOnlyDatasetFolders();
    }

    @Test
    void trainingImagesAreCountedWithoutLoading() throws IOException {
        DatasetFiles.writeCifar100(users().resolve("counted"), 7, 2);
        Files.createDirectories(users().resolve("empty-folder"));
        Datasets datasets = datasets();
        assertEquals(2000, datasets.trainingImages("synthetic"));
        assertEquals(7, datasets.trainingImages("counted"));
        for (String name : List.of("empty-folder", "nowhere", "fashion-mnist")) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> datasets.trainingImages(name));
            assertEquals("dataset", e.field(), name);
            assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
        }
    }

    /** Both steps of an upload, as the request and then the job do them. */
    private static DatasetStatus importZip(Datasets datasets, String name, java.io.InputStream zip, long limit) {
        return datasets.importStaged(datasets.stage(name, zip, limit), limit, ImportProgress.NONE);
    }

    private static ByteArrayInputStream zip(Map<String, byte[]> entries) throws IOException {
        return new ByteArrayInputStream(DatasetFiles.zip(entries));
    }

    /** The user folder holds exactly these data sets and no leftovers (hidden upload folders included). */
    private void assertOnlyDatasetFolders(String... names) throws IOException {
        if (!Files.exists(users())) {
            assertEquals(0, names.length);
            return;
        }
        try (Stream<Path> listing = Files.list(users())) {
            assertEquals(List.of(names), listing.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
