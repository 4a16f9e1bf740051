package io.quantlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each official layout, read from small files written here byte by byte, and what a broken file reports. */
class LoadersTest {

    @TempDir
    Path dir;

    // ---- MNIST IDX

    @Test
    void mnistIdxFolderLoadsPlainOrGzipWithClassesFromTheLabels() throws IOException {
        byte[] images = new byte[6 * 4 * 5];
        for (int i = 0; i < images.length; i++) {
            images[i] = (byte) (i * 7);
        }
        byte[] labels = {0, 1, 2, 3, 4, 2};
        IdxFiles.write(dir.resolve("train-images-idx3-ubyte"), new int[] {6, 4, 5}, images, false);
        IdxFiles.write(dir.resolve("train-labels.idx1-ubyte.gz"), new int[] {6}, labels, true); // mirror spelling
        IdxFiles.write(dir.resolve("t10k-images-idx3-ubyte.gz"), new int[] {2, 4, 5}, Arrays.copyOf(images, 40), true);
        IdxFiles.write(dir.resolve("t10k-labels-idx1-ubyte"), new int[] {2}, new byte[] {4, 0}, false);

        DatasetFormat.Detection detection = DatasetFormat.detect(dir);
        assertEquals(DatasetFormat.MNIST_IDX, detection.format());
        Dataset data = detection.format().load("digits", dir);
        assertEquals(List.of(1, 4, 5, 5), List.of(data.channels(), data.height(), data.width(), data.classes()));
        assertEquals(6, data.trainSize());
        assertEquals(2, FileOrderTestImages.count(data));
        assertArrayEquals(new int[] {4, 0}, FileOrderTestImages.labels(data));
        assertEquals((3 * 20 + 2 * 5 + 1) * 7 & 0xff, data.trainPixel(3, 0, 2, 1));
        // not called "mnist": normalized with its own training statistics
        float[][] stats = Dataset.channelStatistics(images, 1, 20);
        assertArrayEquals(stats[0], data.mean());
        assertArrayEquals(stats[1], data.std());

        DatasetStatus status = DatasetFormat.MNIST_IDX.status("digits", dir);
        assertTrue(status.present(), status.detail());
        assertEquals(6, status.trainSamples());
    }

    @Test
    void aFolderCalledMnistUsesMnistsPublishedStatistics() throws IOException {
        IdxFiles.writeFashionMnist(dir, 20, 10, 28);
        Dataset data = DatasetFormat.MNIST_IDX.load("mnist", dir);
        assertArrayEquals(new float[] {0.1307f}, data.mean());
        assertArrayEquals(new float[] {0.3081f}, data.std());
    }

    @Test
    void truncatedIdxFileNamesTheFile() throws IOException {
        IdxFiles.writeFashionMnist(dir, 10, 10, 28);
        Path images = dir.resolve("t10k-images-idx3-ubyte.gz");
        byte[] whole = Files.readAllBytes(images);
        Files.write(images, Arrays.copyOf(whole, whole.length / 2));
        IOException e = assertThrows(IOException.class, () -> DatasetFormat.MNIST_IDX.load("digits", dir));
        assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte.gz is truncated"), e.getMessage());
    }

    // ---- CIFAR-10

    @Test
    void cifar10BinaryReadsEveryBatchInOrderWithChannelFirstPixels() throws IOException {
        DatasetFiles.writeCifar10(dir, 3, 7, 5);
        DatasetFormat.Detection detection = DatasetFormat.detect(dir);
        assertEquals(DatasetFormat.CIFAR_10, detection.format());
        Dataset data = detection.format().load("cifar-10", dir);

        assertEquals(List.of(3, 32, 32, 10), List.of(data.channels(), data.height(), data.width(), data.classes()));
        assertEquals(21, data.trainSize());
        assertEquals(5, FileOrderTestImages.count(data));
        assertEquals(15 % 10, data.trainLabels()[15]); // batch 3, record 1
        assertEquals(DatasetFiles.cifarPixel(5, 15, 2, 31, 7), data.trainPixel(15, 2, 31, 7));
        assertEquals(DatasetFiles.cifarPixel(3, 3, 0, 0, 0), FileOrderTestImages.pixel(data, 3, 0, 0, 0));
        assertEquals("airplane", data.classNames().get(0));
        assertEquals("truck", data.classNames().get(9));
        assertArrayEquals(new float[] {0.4914f, 0.4822f, 0.4465f}, data.mean());
        assertArrayEquals(new float[] {0.2470f, 0.2435f, 0.2616f}, data.std());

        DatasetStatus status = DatasetFormat.CIFAR_10.status("cifar-10", dir);
        assertEquals(List.of(true, 21, 5), List.of(status.present(), status.trainSamples(), status.testSamples()));
    }

    @Test
    void truncatedCifarBatchNamesTheFileAndTheRecordSize() throws IOException {
        DatasetFiles.writeCifar10(dir, 2, 4, 4);
        Path batch = dir.resolve("data_batch_2.bin");
        Files.write(batch, Arrays.copyOf(Files.readAllBytes(batch), 3 * 3073 + 100));
        IOException e = assertThrows(IOException.class, () -> DatasetFormat.CIFAR_10.load("c", dir));
        assertTrue(e.getMessage().contains("data_batch_2.bin is truncated or not CIFAR-10 binary"), e.getMessage());
        assertTrue(e.getMessage().contains("3073-byte records"), e.getMessage());
        assertTrue(!DatasetFormat.CIFAR_10.status("c", dir).present());
    }

    @Test
    void cifarLabelOutOfRangeIsReportedWithItsRecord() throws IOException {
        DatasetFiles.writeCifar10(dir, 1, 4, 4);
        byte[] test = Files.readAllBytes(dir.resolve("test_batch.bin"));
        test[2 * 3073] = 42;
        Files.write(dir.resolve("test_batch.bin"), test);
        IOException e = assertThrows(IOException.class, () -> DatasetFormat.CIFAR_10.load("c", dir));
        assertTrue(e.getMessage().contains("test_batch.bin: record 2 has label 42, outside 0..9"), e.getMessage());
    }

    @Test
    void missingBatchInTheMiddleIsNotSilentlySkipped() throws IOException {
        DatasetFiles.writeCifar10(dir, 3, 2, 2);
        Files.delete(dir.resolve("data_batch_2.bin"));
        DatasetFormat.Detection detection = DatasetFormat.detect(dir);
        assertNull(detection.format());
        assertTrue(detection.problem().contains("looks like CIFAR-10 binary"), detection.problem());
        assertTrue(detection.problem().contains("data_batch_2.bin"), detection.problem());
    }

    @Test
    void cifarClassNamesMayHoldMarkupButNoControlCharactersAndAreBounded() throws IOException {
        DatasetFiles.writeCifar10(dir, 1, 4, 4);
        Path meta = dir.resolve("batches.meta.txt");
        Files.writeString(meta, "</script><script>alert(1)</script>\nb\nc\nd\ne\nf\ng\nh\ni\nj\n");
        assertEquals("</script><script>alert(1)</script>", DatasetFormat.CIFAR_10.load("c", dir).classNames().get(0));

        Files.writeString(meta, "a\nb\nc\u202Egnp.exe\nd\ne\nf\ng\nh\ni\nj\n");
        IOException e = assertThrows(IOException.class, () -> DatasetFormat.CIFAR_10.load("c", dir));
        assertTrue(e.getMessage().contains("batches.meta.txt line 3: class name 'c?gnp.exe' holds U+202E, which is not"
                + " a printable character"), e.getMessage());

        Files.writeString(meta, "a\nb\u0007\nc\nd\ne\nf\ng\nh\ni\nj\n");
        e = assertThrows(IOException.class, () -> DatasetFormat.CIFAR_10.load("c", dir));
        assertTrue(e.getMessage().contains("line 2: class name 'b?' holds U+0007"), e.getMessage());

        Files.writeString(meta, "a\n" + "x".repeat(101) + "\nc\nd\ne\nf\ng\nh\ni\nj\n");
        e = assertThrows(IOException.class, () -> DatasetFormat.CIFAR_10.load("c", dir));
        assertTrue(e.getMessage().contains("batches.meta.txt line 2: a class name is 1 to 100 characters, this one"
                + " has 101"), e.getMessage());
    }

    @Test
    void cifar100FineLabelNamesFollowTheSameRule() throws IOException {
        DatasetFiles.writeCifar100(dir, 4, 4);
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            names.append(i == 41 ? "bad\u2028name" : "class " + i).append('\n');
        }
        Files.writeString(dir.resolve("fine_label_names.txt"), names);
        IOException e = assertThrows(IOException.class, () -> DatasetFormat.CIFAR_100.load("c", dir));
        assertTrue(e.getMessage().contains("fine_label_names.txt line 42: class name 'bad?name' holds U+2028"),
                e.getMessage());
    }

    // ---- CIFAR-100

    @Test
    void cifar100UsesTheFineLabelOutOfAHundred() throws IOException {
        DatasetFiles.writeCifar100(dir, 230, 20);
        Dataset data = DatasetFormat.detect(dir).format().load("my-cifar", dir);
        assertEquals(100, data.classes());
        assertEquals(230, data.trainSize());
        assertEquals(57, data.trainLabels()[157]);
        assertEquals(DatasetFiles.cifarPixel(57, 157, 1, 3, 4), data.trainPixel(157, 1, 3, 4));
        // not called cifar-100: its own statistics
        float[] mean = data.mean();
        assertTrue(mean[0] > 0.2 && mean[0] < 0.9, Arrays.toString(mean));
        assertArrayEquals(new float[] {0.5071f, 0.4865f, 0.4409f},
                DatasetFormat.CIFAR_100.load("cifar-100", dir).mean());
    }

    @Test
    void cifar100WithCifar10SizedRecordsIsCaught() throws IOException {
        Files.write(dir.resolve("train.bin"), DatasetFiles.cifarRecords(3, 0, 10, 1)); // 3073-byte records
        Files.write(dir.resolve("test.bin"), DatasetFiles.cifarRecords(3, 0, 100, 2));
        IOException e = assertThrows(IOException.class, () -> DatasetFormat.CIFAR_100.load("c", dir));
        assertTrue(e.getMessage().contains("train.bin is truncated or not CIFAR-100 binary"), e.getMessage());
    }

    @Test
    void cifar100CoarseLabelOutOfRangeIsCaught() throws IOException {
        DatasetFiles.writeCifar100(dir, 4, 4);
        byte[] train = Files.readAllBytes(dir.resolve("train.bin"));
        train[3074] = 20;
        Files.write(dir.resolve("train.bin"), train);
        IOException e = assertThrows(IOException.class, () -> DatasetFormat.CIFAR_100.load("c", dir));
        assertTrue(e.getMessage().contains("train.bin: record 1 has coarse label 20"), e.getMessage());
    }

    // ---- Tiny-ImageNet-200

    @Test
    void tinyImageNetDecodesJpegsWithLabelsFromFoldersAndAnnotations() throws IOException {
        Path root = dir.resolve("tiny-imagenet-200");
        DatasetFiles.writeTinyImageNet(root, 4, 5, 64);
        DatasetFiles.writeGrayJpeg(root.resolve("train/n01641577/images/n01641577_9.JPEG"), 64, 77);

        DatasetFormat.Detection detection = DatasetFormat.detect(dir); // found one folder down
        assertEquals(DatasetFormat.TINY_IMAGENET, detection.format());
        assertEquals(root, detection.root());
        Dataset data = detection.format().load("tiny-imagenet", detection.root());

        assertEquals(List.of(3, 64, 64, 3), List.of(data.channels(), data.height(), data.width(), data.classes()));
        assertEquals(13, data.trainSize());
        assertEquals(5, FileOrderTestImages.count(data));
        assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2}, data.trainLabels());
        assertArrayEquals(new int[] {0, 1, 2, 0, 1}, FileOrderTestImages.labels(data));
        int[] colour = DatasetFiles.tinyColour(1, 2); // class 1, image 2 (files sorted by name)
        for (int c = 0; c < 3; c++) {
            assertEquals(colour[c], data.trainPixel(6, c, 10, 20), 3.0, "channel " + c);
        }
        assertEquals(DatasetFiles.tinyColour(1, 4)[2], FileOrderTestImages.pixel(data, 4, 2, 63, 63), 3.0);
        for (int c = 0; c < 3; c++) { // the grayscale JPEG, copied to all three channels
            assertEquals(77, data.trainPixel(12, c, 5, 5), 2.0);
        }
        assertEquals(List.of("goldfish", "European fire salamander", "n01641577"), data.classNames());
        assertArrayEquals(new float[] {0.485f, 0.456f, 0.406f}, data.mean());

        DatasetStatus status = DatasetFormat.TINY_IMAGENET.status("t", root);
        assertEquals(List.of(true, 13, 5), List.of(status.present(), status.trainSamples(), status.testSamples()));
    }

    @Test
    void tinyImageNetWordsAndIdsAreCheckedAsClassNames() throws IOException {
        DatasetFiles.writeTinyImageNet(dir, 1, 3, 16);
        Files.writeString(dir.resolve("words.txt"), "n00000001\tunused\u0000, not checked\n"
                + "n01629819\tsalamander\u200F, Salamandra\n");
        IOException e = assertThrows(IOException.class, () -> DatasetFormat.TINY_IMAGENET.load("t", dir));
        assertTrue(e.getMessage().contains("words.txt line 2: class name 'salamander?' holds U+200F"), e.getMessage());

        Files.writeString(dir.resolve("words.txt"), "");
        Files.writeString(dir.resolve("wnids.txt"), String.join("\n", DatasetFiles.TINY_WNIDS) + "\nn0\u001b[31m\n");
        e = assertThrows(IOException.class, () -> DatasetFormat.TINY_IMAGENET.load("t", dir));
        assertTrue(e.getMessage().contains("wnids.txt line 4: class name 'n0?[31m' holds U+001B"), e.getMessage());
    }

    @Test
    void corruptJpegNamesTheFile() throws IOException {
        DatasetFiles.writeTinyImageNet(dir, 2, 3, 16);
        Path image = dir.resolve("val/images/val_1.JPEG");
        byte[] jpeg = Files.readAllBytes(image);
        Files.write(image, Arrays.copyOf(jpeg, 40));
        IOException e = assertThrows(IOException.class, () -> DatasetFormat.TINY_IMAGENET.load("t", dir));
        assertTrue(e.getMessage().contains("val_1.JPEG"), e.getMessage());

        Files.write(image, "not a picture".getBytes());
        e = assertThrows(IOException.class, () -> DatasetFormat.TINY_IMAGENET.load("t", dir));
        assertTrue(e.getMessage().contains("val_1.JPEG is not an image ImageIO can read"), e.getMessage());
    }

    @Test
    void tinyImageNetInconsistenciesAreNamed() throws IOException {
        DatasetFiles.writeTinyImageNet(dir, 2, 3, 16);
        DatasetFiles.writeJpeg(dir.resolve("train/n01629819/images/n01629819_1.JPEG"), 20, new int[] {1, 2, 3});
        IOException e = assertThrows(IOException.class, () -> DatasetFormat.TINY_IMAGENET.load("t", dir));
        assertTrue(e.getMessage().contains("n01629819_1.JPEG is 20x20 but the images before it are 16x16"),
                e.getMessage());

        DatasetFiles.writeJpeg(dir.resolve("train/n01629819/images/n01629819_1.JPEG"), 16, new int[] {1, 2, 3});
        Files.writeString(dir.resolve("val/val_annotations.txt"), "val_0.JPEG\tn01443537\t0\t0\t1\t1\n"
                + "val_1.JPEG\tn00000001\t0\t0\t1\t1\n");
        e = assertThrows(IOException.class, () -> DatasetFormat.TINY_IMAGENET.load("t", dir));
        assertTrue(e.getMessage().contains("val_annotations.txt line 2: class id n00000001 is not in wnids.txt"),
                e.getMessage());

        Files.writeString(dir.resolve("wnids.txt"), "n01443537\nn01629819\nn01641577\nn02000000\n");
        e = assertThrows(IOException.class, () -> DatasetFormat.TINY_IMAGENET.load("t", dir));
        assertTrue(e.getMessage().contains("n02000000"), e.getMessage());
        assertTrue(e.getMessage().contains("is missing"), e.getMessage());
    }

    // ---- detection

    @Test
    void aFolderInNoKnownFormatSaysWhatWasExpected() throws IOException {
        Files.writeString(dir.resolve("readme.txt"), "hello");
        DatasetFormat.Detection detection = DatasetFormat.detect(dir);
        assertNull(detection.format());
        assertTrue(detection.problem().startsWith("no known format"), detection.problem());
        for (String expected : List.of("MNIST IDX", "CIFAR-10 binary", "CIFAR-100 binary", "Tiny-ImageNet-200")) {
            assertTrue(detection.problem().contains(expected), detection.problem());
        }
    }
}
