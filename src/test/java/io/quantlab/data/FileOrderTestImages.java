package io.quantlab.data;

/**
 * A data set's test images in the order its files hold them, visible and hidden merged again
 * through {@link Dataset#hiddenTestIndices}: what a loader read, for tests of loaders and of the
 * split itself.
 */
public final class FileOrderTestImages {

    private FileOrderTestImages() {}

    public static int count(Dataset data) {
        return data.testSize() + data.hiddenSplit().testSize();
    }

    /** The labels of every test image in file order. */
    public static int[] labels(Dataset data) {
        int[] labels = new int[count(data)];
        for (int i = 0; i < labels.length; i++) {
            Located at = locate(data, i);
            labels[i] = at.split().testLabels()[at.index()];
        }
        return labels;
    }

    /** The raw 0–255 value of one pixel of test image {@code fileIndex} (file order). */
    public static int pixel(Dataset data, int fileIndex, int channel, int y, int x) {
        Located at = locate(data, fileIndex);
        return at.split().testPixel(at.index(), channel, y, x);
    }

    /** The raw pixels of every test image in file order (NCHW bytes). */
    public static byte[] pixels(Dataset data) {
        int n = count(data);
        byte[] out = new byte[n * data.imageSize()];
        for (int i = 0; i < n; i++) {
            for (int c = 0, at = i * data.imageSize(); c < data.channels(); c++) {
                for (int y = 0; y < data.height(); y++) {
                    for (int x = 0; x < data.width(); x++) {
                        out[at++] = (byte) pixel(data, i, c, y, x);
                    }
                }
            }
        }
        return out;
    }

    /** The raw pixels of every training image (NCHW bytes). */
    public static byte[] trainPixels(Dataset data) {
        byte[] out = new byte[data.trainSize() * data.imageSize()];
        for (int i = 0, at = 0; i < data.trainSize(); i++) {
            for (int c = 0; c < data.channels(); c++) {
                for (int y = 0; y < data.height(); y++) {
                    for (int x = 0; x < data.width(); x++) {
                        out[at++] = (byte) data.trainPixel(i, c, y, x);
                    }
                }
            }
        }
        return out;
    }

    private record Located(Dataset split, int index) {}

    private static Located locate(Dataset data, int fileIndex) {
        int[] hidden = Dataset.hiddenTestIndices(count(data));
        int before = 0;
        for (int h : hidden) {
            if (h == fileIndex) {
                return new Located(data.hiddenSplit(), before);
            }
            if (h < fileIndex) {
                before++;
            }
        }
        return new Located(data, fileIndex - before);
    }
}
