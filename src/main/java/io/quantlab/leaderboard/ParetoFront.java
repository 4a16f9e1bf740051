package io.quantlab.leaderboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The rows no other row beats on both counts: at most the size and at least the accuracy. */
final class ParetoFront {

    private ParetoFront() {
    }

    /**
     * The front, smallest first: going up in size, each row kept is more accurate than every smaller
     * one (of equal sizes, only the most accurate can be).
     */
    static List<BoardRow> of(List<BoardRow> rows) {
        List<BoardRow> bySize = new ArrayList<>(rows);
        bySize.sort(Comparator.<BoardRow>comparingLong(r -> r.result().sizeBytes())
                .thenComparing(r -> -r.result().accuracy()));
        List<BoardRow> front = new ArrayList<>();
        for (BoardRow row : bySize) {
            if (front.isEmpty() || row.result().accuracy() > front.get(front.size() - 1).result().accuracy()) {
                front.add(row);
            }
        }
        return front;
    }
}
