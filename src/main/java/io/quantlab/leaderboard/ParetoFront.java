package io.quantlab.leaderboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/** The rows no other row beats on both counts: at most the size and at least the accuracy. */
final class ParetoFront {

    private ParetoFront() {
    }

    static List<BoardRow> of(List<BoardRow> rows) {
        return of(rows, r -> r.result().sizeBytes(), r -> r.result().accuracy());
    }

    /**
     * The front, smallest first: going up in size, each row kept is more accurate than every smaller
     * one (of equal sizes, only the most accurate can be).
     */
    static <T> List<T> of(List<T> rows, ToLongFunction<T> size, ToDoubleFunction<T> accuracy) {
        List<T> bySize = new ArrayList<>(rows);
        bySize.sort(Comparator.comparingLong(size).thenComparing(r -> -accuracy.applyAsDouble(r)));
        List<T> front = new ArrayList<>();
        for (T row : bySize) {
            if (front.isEmpty() || accuracy.applyAsDouble(row) > accuracy.applyAsDouble(front.get(front.size() - 1))) {
                front.add(row);
            }
        }
        return front;
    }
}
