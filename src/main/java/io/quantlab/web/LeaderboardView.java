package io.quantlab.web;

import io.quantlab.experiment.ExperimentResult;
import io.quantlab.leaderboard.Board;
import io.quantlab.leaderboard.BoardRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The leaderboard page, and alone the board part htmx swaps when a filter changes. */
public record LeaderboardView(Page page, Board board) {

    /** A point of the Pareto chart (leaderboard.js): size in bytes (x), accuracy in percent (y); id null when not shown. */
    public record Point(double x, double y, Long id, String who, String bits, boolean simulated) {
        static Point of(BoardRow row) {
            ExperimentResult r = row.result();
            return new Point(r.sizeBytes(), r.accuracy(), row.experimentId(), row.ownerName(), r.bits(), r.simulated());
        }
    }

    public record Series(String method, List<Point> points) {
    }

    public record Chart(List<Series> methods, List<Point> front) {
    }

    /** The chart's data: one series per method (FP32 first, then by name), and the front, smallest first. */
    public PageJson chartJson() {
        Map<String, List<Point>> byMethod = new LinkedHashMap<>();
        board.rows().stream()
                .sorted(Comparator.comparing((BoardRow r) -> !r.result().method().equals(ExperimentResult.FP32))
                        .thenComparing(r -> r.result().method()))
                .forEach(r -> byMethod.computeIfAbsent(r.result().method(), m -> new ArrayList<>()).add(Point.of(r)));
        List<Series> series = byMethod.entrySet().stream().map(e -> new Series(e.getKey(), e.getValue())).toList();
        return PageJson.of(new Chart(series, board.paretoFront().stream().map(Point::of).toList()));
    }

    public static String percent(double value) {
        return String.format("%.2f %%", value);
    }

    /** Δ in points with its sign, "–" for none. */
    public static String delta(Double points) {
        return points == null ? "–" : String.format("%+.2f pt", points);
    }

    public static String milliseconds(Double ms) {
        return ms == null ? "–" : String.format("%.2f ms", ms);
    }

    /** A ratio such as a speed-up or a compression, "–" for none. */
    public static String times(Double ratio) {
        return ratio == null ? "–" : String.format("%.2f×", ratio);
    }

    public static String kilobytes(long bytes) {
        return String.format("%,.1f KB", bytes / 1024.0);
    }
}
