package io.quantlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The test images split in a visible part (every "test" accessor) and a hidden part for grading. */
class HiddenSplitTest {

    @Test
    void aQuarterOfTheTestImagesIsHiddenByAFixedPermutationNotATail() {
        int[] hidden = Dataset.hiddenTestIndices(10_000);
        assertEquals(2_500, hidden.length);
        assertArrayEquals(hidden, Dataset.hiddenTestIndices(10_000), "the same images every time");
        assertEquals(2_500, Arrays.stream(hidden).distinct().count());
        assertTrue(Arrays.stream(hidden).allMatch(i -> i >= 0 && i < 10_000));
        // spread over the whole file: a quarter of each tenth, give or take, not the last 2,500
        for (int tenth = 0; tenth < 10; tenth++) {
            int from = tenth * 1000;
            long inTenth = Arrays.stream(hidden).filter(i -> i >= from && i < from + 1000).count();
            assertTrue(inTenth > 180 && inTenth < 320, "tenth " + tenth + ": " + inTenth);
        }
        assertEquals(0, Dataset.hiddenTestIndices(3).length, "too few images to hide any");
    }

    @Test
    void visibleAndHiddenPartitionTheTestImagesWithTheirLabels() {
        Dataset data = SyntheticImages.generate();
        Dataset hidden = data.hiddenSplit();
        assertEquals(375, data.testSize());
        assertEquals(125, hidden.testSize());
        assertTrue(hidden.isHiddenSplit());
        assertFalse(data.isHiddenSplit());
        assertEquals(data.trainSize(), hidden.trainSize(), "the training images are not split");
        assertThrows(IllegalStateException.class, hidden::hiddenSplit);

        // every image in exactly one part: compare the images (pixels and label) as strings
        byte[] all = FileOrderTestImages.pixels(data);
        int[] labels = FileOrderTestImages.labels(data);
        Set<Integer> hiddenIndices = new HashSet<>();
        for (int i : Dataset.hiddenTestIndices(500)) {
            hiddenIndices.add(i);
        }
        Set<String> visibleImages = images(data);
        Set<String> hiddenImages = images(hidden);
        int size = data.imageSize();
        for (int i = 0; i < 500; i++) {
            String image = labels[i] + ":" + Arrays.toString(Arrays.copyOfRange(all, i * size, (i + 1) * size));
            assertEquals(hiddenIndices.contains(i), hiddenImages.contains(image), "image " + i);
            assertEquals(!hiddenIndices.contains(i), visibleImages.contains(image), "image " + i);
        }
    }

    private static Set<String> images(Dataset split) {
        Set<String> images = new HashSet<>();
        byte[] image = new byte[split.imageSize()];
        for (int n = 0; n < split.testSize(); n++) {
            for (int p = 0; p < image.length; p++) {
                image[p] = (byte) split.testPixel(n, 0, p / split.width(), p % split.width());
            }
            images.add(split.testLabels()[n] + ":" + Arrays.toString(image));
        }
        return images;
    }
}
