package io.quantlab.exercise;

import java.util.Map;

/**
 * Each student's ranking bonus on a target exercise's private board (by student id, 0 to 1 point),
 * computed beside the leaderboard; {@link Regrading} adds it to the grades from the deadline on.
 */
@FunctionalInterface
public interface RankingBonuses {
    Map<Long, Double> of(Exercise exercise);

    RankingBonuses NONE = exercise -> Map.of();
}
