package io.quantlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quantlab.InvalidInputException;
import io.quantlab.data.Subsets;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ValidationSplitTest {

    @Test
    void cutsTheSeededSubsetIntoDisjointPartsCoveringIt() {
        int[] subset = Subsets.shuffledPrefix(1000, 200, new Random(7));
        ValidationSplit split = ValidationSplit.of(subset, 0.1);
        assertEquals(20, split.validation().length);
        assertEquals(180, split.train().length);
        int[] union = IntStream.concat(Arrays.stream(split.validation()), Arrays.stream(split.train())).sorted().toArray();
        assertArrayEquals(Arrays.stream(subset).sorted().toArray(), union);
        assertEquals(200, Arrays.stream(union).distinct().count());
    }

    @Test
    void sameSeedSameSplitAnotherSeedAnother() {
        ValidationSplit a = ValidationSplit.of(Subsets.shuffledPrefix(1000, 200, new Random(7)), 0.25);
        ValidationSplit again = ValidationSplit.of(Subsets.shuffledPrefix(1000, 200, new Random(7)), 0.25);
        ValidationSplit other = ValidationSplit.of(Subsets.shuffledPrefix(1000, 200, new Random(8)), 0.25);
        assertArrayEquals(a.validation(), again.validation());
        assertArrayEquals(a.train(), again.train());
        assertFalse(Arrays.equals(a.validation(), other.validation()));
    }

    @Test
    void zeroShareKeepsEverythingForTrainingAndATinyShareStillValidatesOneImage() {
        int[] subset = {5, 3, 9};
        assertEquals(0, ValidationSplit.of(subset, 0).validation().length);
        assertArrayEquals(subset, ValidationSplit.of(subset, 0).train());
        assertArrayEquals(new int[] {5}, ValidationSplit.of(subset, 0.01).validation());
    }

    @Test
    void aSplitLeavingNoTrainingImageIsRejected() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ValidationSplit.of(new int[] {4}, 0.5));
        assertEquals("validationSplit", e.field());
    }
}
