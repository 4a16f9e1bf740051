package io.quantlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

    @TempDir
    Path dir;

    @Test
    void unknownNameListsTheChoices() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new Datasets(dir).get("cifar-11"));
        assertEquals("dataset", e.field());
        assertTrue(e.getMessage().contains("fashion-mnist, synthetic"), e.getMessage());
    }

    @Test
    void missingFashionMnistSaysHowToInstallIt() {
        Datasets datasets = new Datasets(dir.resolve("nowhere"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> datasets.get("fashion-mnist"));
        assertEquals("dataset", e.field());
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz"), e.getMessage());

        DatasetStatus status = datasets.status().get(0);
        assertEquals("fashion-mnist", status.name());
        assertFalse(status.present());
        assertTrue(status.detail().contains("not installed"), status.detail());
    }

    @Test
    void loadsFashionMnistFilesNormalizedWithItsMeanAndStd() throws IOException {
        IdxFiles.writeFashionMnist(dir, 30, 12, 28);
        Datasets datasets = new Datasets(dir);

        DatasetStatus status = datasets.status().get(0);
        assertTrue(status.present(), status.detail());
        assertEquals(30, status.trainSamples());
        assertEquals(12, status.testSamples());

        Dataset data = datasets.get("fashion-mnist");
        assertEquals(List.of(1, 28, 28, 10), List.of(data.channels(), data.height(), data.width(), data.classes()));
        assertEquals(30, data.trainSize());
        assertEquals(12, FileOrderTestImages.count(data));
        assertEquals(9, data.testSize()); // a quarter hidden
        assertEquals(7, data.trainLabels()[17]);
        // image 2, pixel 200 was (2 + 200) % 256 = 202
        float[] image = new float[784];
        data.normalizedTrainImage(2, image, 0);
        assertEquals((202 / 255f - 0.2860f) / 0.3530f, image[200], 1e-6);
        data.normalizedTestImage(0, image, 0);
        assertEquals(-0.2860f / 0.3530f, image[0], 1e-6);
        assertEquals("Ankle boot", data.classNames().get(9));
    }

    @Test
    void loadsOncePerDirectoryAndSharesTheInstance() throws IOException {
        IdxFiles.writeFashionMnist(dir, 10, 10, 28);
        Dataset first = new Datasets(dir).get("fashion-mnist");
        Dataset second = new Datasets(dir.resolve(".").resolve("..").resolve(dir.getFileName())).get("fashion-mnist");
        assertSame(first, second);
    }

    @Test
    void labelCountThatDoesNotMatchTheImagesIsReported() throws IOException {
        IdxFiles.writeFashionMnist(dir, 10, 10, 28);
        IdxFiles.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), new int[] {9}, new byte[9], true);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> new Datasets(dir).get("fashion-mnist"));
        assertTrue(e.getMessage().contains("has 9 labels but its images file has 10 images"), e.getMessage());
        assertFalse(new Datasets(dir).status().get(0).present());
    }

    @Test
    void syntheticIsAlwaysThereSameEveryTimeBalancedAndNormalized() {
        Datasets datasets = new Datasets(dir);
        Dataset data = datasets.get("synthetic");
        assertSame(data, new Datasets(dir.resolve("other")).get("synthetic"));
        assertEquals(2000, data.trainSize());
        assertEquals(375, data.testSize()); // 500, a quarter hidden
        assertEquals(125, data.hiddenSplit().testSize());
        assertEquals(784, data.imageSize());
        int[] perClass = new int[10];
        for (int label : data.trainLabels()) {
            perClass[label]++;
        }
        for (int count : perClass) {
            assertEquals(200, count);
        }
        double sum = 0;
        double squares = 0;
        float[] image = new float[784];
        for (int k = 0; k < data.trainSize(); k++) {
            data.normalizedTrainImage(k, image, 0);
            for (float v : image) {
                sum += v;
                squares += v * v;
            }
        }
        assertEquals(0, sum / (2000 * 784), 1e-3);
        assertEquals(1, squares / (2000 * 784), 1e-3);
        assertEquals(SyntheticImages.generate().trainPixel(15, 0, 20, 21), data.trainPixel(15, 0, 20, 21));
        assertTrue(datasets.status().get(1).present());
    }

    @Test
    void installedFashionMnistIsCountedFromHeaders() {
        Path installed = Datasets.DEFAULT_FASHION_MNIST_DIR;
        Assumptions.assumeTrue(Files.isDirectory(installed), "Fashion-MNIST not installed here");
        DatasetStatus status = new Datasets(installed).status().get(0);
        assertTrue(status.present(), status.detail());
        assertEquals(60000, status.trainSamples());
        assertEquals(10000, status.testSamples());
    }
}
