package io.quantlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SubsetsTest {

    /** 1000 samples over 10 classes, unevenly: class c has 10 + 18c samples, shuffled. */
    private static int[] unevenLabels() {
        int[] labels = new int[1000];
        int at = 0;
        for (int c = 0; c < 10; c++) {
            for (int k = 0; k < 10 + 18 * c && at < labels.length; k++) {
                labels[at++] = c;
            }
        }
        while (at < labels.length) {
            labels[at++] = 9;
        }
        Subsets.shuffle(labels, new Random(3));
        return labels;
    }

    private static int[] counts(int[] labels, int[] indices, int classes) {
        int[] counts = new int[classes];
        for (int i : indices) {
            counts[labels[i]]++;
        }
        return counts;
    }

    @Test
    void classBalancedTakesEqualCountsPerClass() {
        int[] labels = unevenLabels();
        int[] chosen = Subsets.classBalanced(labels, 10, 100, 5);
        assertEquals(100, chosen.length);
        assertArrayEquals(new int[] {10, 10, 10, 10, 10, 10, 10, 10, 10, 10}, counts(labels, chosen, 10));
        assertEquals(100, Arrays.stream(chosen).distinct().count());
        // interleaved: every prefix of 10 holds one of each class
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, counts(labels, Arrays.copyOf(chosen, 10), 10));
    }

    @Test
    void remainderGoesToTheFirstClassesAndScarceClassesGiveTheirShareAway() {
        int[] labels = unevenLabels();
        assertArrayEquals(new int[] {3, 3, 3, 2, 2, 2, 2, 2, 2, 2}, counts(labels, Subsets.classBalanced(labels, 10, 23, 0), 10));
        // class 0 has only 10 samples: the other nine share the rest equally (20 each)
        int[] counts = counts(labels, Subsets.classBalanced(labels, 10, 190, 0), 10);
        assertArrayEquals(new int[] {10, 20, 20, 20, 20, 20, 20, 20, 20, 20}, counts);
        // asking for more than there is gives everything
        assertEquals(1000, Subsets.classBalanced(labels, 10, 5000, 0).length);
    }

    @Test
    void classBalancedIsDeterministicPerSeed() {
        int[] labels = unevenLabels();
        assertArrayEquals(Subsets.classBalanced(labels, 10, 50, 11), Subsets.classBalanced(labels, 10, 50, 11));
        assertFalse(Arrays.equals(Subsets.classBalanced(labels, 10, 50, 11), Subsets.classBalanced(labels, 10, 50, 12)));
        assertThrows(IllegalArgumentException.class, () -> Subsets.classBalanced(new int[] {0, 3}, 3, 2, 0));
    }

    @Test
    void shuffledPrefixIsThePrefixOfASeededPermutation() {
        int[] prefix = Subsets.shuffledPrefix(100, 30, new Random(9));
        assertEquals(30, prefix.length);
        assertEquals(30, Arrays.stream(prefix).distinct().count());
        assertArrayEquals(prefix, Subsets.shuffledPrefix(100, 30, new Random(9)));
        int[] all = Subsets.shuffledPrefix(100, 100, new Random(9));
        assertArrayEquals(prefix, Arrays.copyOf(all, 30));
        assertArrayEquals(java.util.stream.IntStream.range(0, 100).toArray(), Arrays.stream(all).sorted().toArray());
    }
}
