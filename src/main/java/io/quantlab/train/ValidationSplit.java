package io.quantlab.train;

import io.quantlab.InvalidInputException;
import java.util.Arrays;

/**
 * The training subset cut in two: the first {@code round(n · share)} images (at least one when
 * the share is above 0) for validation, the rest for training. The subset is already a seeded
 * random sample of the training split, so the cut is seeded too.
 */
public record ValidationSplit(int[] train, int[] validation) {

    public static ValidationSplit of(int[] subset, double share) {
        int n = subset.length;
        int validationCount = share <= 0 ? 0 : Math.max(1, (int) Math.round(n * share));
        if (n - validationCount < 1) {
            throw new InvalidInputException("validationSplit", "validationSplit must leave at least one training"
                    + " image: " + validationCount + " of " + n + " would go to validation.");
        }
        return new ValidationSplit(Arrays.copyOfRange(subset, validationCount, n),
                Arrays.copyOfRange(subset, 0, validationCount));
    }
}
