package io.quantlab.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded choices of sample indices: training subsets and calibration subsets. */
public final class Subsets {

    private Subsets() {}

    /**
     * The first {@code count} of a random permutation of {@code 0..size-1} (Fisher–Yates driven by
     * {@code random}: the same draws as the Trainer's own training subset).
     */
    public static int[] shuffledPrefix(int size, int count, Random random) {
        if (count < 0 || count > size) {
            throw new IllegalArgumentException("count " + count + " outside 0.." + size);
        }
        int[] all = new int[size];
        for (int i = 0; i < size; i++) {
            all[i] = i;
        }
        shuffle(all, random);
        int[] prefix = new int[count];
        System.arraycopy(all, 0, prefix, 0, count);
        return prefix;
    }

    /**
     * {@code count} indices into {@code labels} (all of them if {@code count} is larger) with
     * every class as equally represented as the data allows: each class gets
     * {@code count / classes} samples, one more for the first few classes if it does not divide,
     * and a class with too few samples gives its share to the others. Which samples of a class
     * is random but fixed by {@code seed}. The result interleaves the classes (class 0, 1, …, 0,
     * 1, …), so any prefix of it is balanced too.
     *
     * @throws IllegalArgumentException for a label outside {@code [0, classes)} or a negative count
     */
    public static int[] classBalanced(int[] labels, int classes, int count, long seed) {
        if (count < 0 || classes < 1) {
            throw new IllegalArgumentException("count " + count + " and classes " + classes + " must be positive");
        }
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " at index " + i + " outside 0.." + (classes - 1));
            }
            byClass.get(labels[i]).add(i);
        }
        int[] quota = quotas(byClass, Math.min(count, labels.length));
        Random random = new Random(seed);
        int[][] chosen = new int[classes][];
        for (int c = 0; c < classes; c++) {
            int[] members = byClass.get(c).stream().mapToInt(Integer::intValue).toArray();
            shuffle(members, random);
            chosen[c] = members;
        }
        int total = 0;
        int rounds = 0;
        for (int q : quota) {
            total += q;
            rounds = Math.max(rounds, q);
        }
        int[] result = new int[total];
        int at = 0;
        for (int round = 0; round < rounds; round++) {
            for (int c = 0; c < classes; c++) {
                if (round < quota[c]) {
                    result[at++] = chosen[c][round];
                }
            }
        }
        return result;
    }

    /** Water-filling: equal shares, classes with fewer samples capped, the rest shared out again. */
    private static int[] quotas(List<List<Integer>> byClass, int count) {
        int classes = byClass.size();
        int[] quota = new int[classes];
        int left = count;
        while (left > 0) {
            List<Integer> open = new ArrayList<>();
            for (int c = 0; c < classes; c++) {
                if (quota[c] < byClass.get(c).size()) {
                    open.add(c);
                }
            }
            if (open.isEmpty()) {
                break;
            }
            int share = Math.max(1, left / open.size());
            for (int c : open) {
                int add = Math.min(Math.min(share, byClass.get(c).size() - quota[c]), left);
                quota[c] += add;
                left -= add;
                if (left == 0) {
                    break;
                }
            }
        }
        return quota;
    }

    /** Fisher–Yates, in place. */
    public static void shuffle(int[] values, Random random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }
}
