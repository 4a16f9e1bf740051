package io.quantlab.web.target;

import io.quantlab.leaderboard.ExerciseBoard;
import io.quantlab.web.LeaderboardView;
import io.quantlab.web.Page;
import io.quantlab.web.PageJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A target exercise's leaderboard page: the table and the Pareto chart leaderboard.js draws. */
public record ExerciseBoardView(Page page, ExerciseBoard.View board) {

    /** The chart's data in leaderboard.js's shape: one series per method, and the front, smallest first. */
    public PageJson chartJson() {
        Map<String, List<LeaderboardView.Point>> byMethod = new LinkedHashMap<>();
        board.rows().forEach(r -> byMethod.computeIfAbsent(r.method(), m -> new ArrayList<>()).add(point(r)));
        return PageJson.of(new LeaderboardView.Chart(byMethod.entrySet().stream()
                .map(e -> new LeaderboardView.Series(e.getKey(), e.getValue())).toList(),
                board.paretoFront().stream().map(ExerciseBoardView::point).toList()));
    }

    private static LeaderboardView.Point point(ExerciseBoard.Row r) {
        return new LeaderboardView.Point(r.sizeBytes(), r.accuracy(), r.experimentId(), r.name(), r.bits(),
                r.latencyMs() == null);
    }

    /** The bonus as points, "–" for none. */
    public static String bonus(Double points) {
        return points == null ? "–" : String.format("%.2f", points);
    }
}
