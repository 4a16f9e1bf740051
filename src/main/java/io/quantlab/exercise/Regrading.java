package io.quantlab.exercise;

import io.quantlab.Json;
import io.quantlab.store.AuditLog;
import io.quantlab.store.Database;
import io.quantlab.store.Rows;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Grades re-computed from what was stored, after an exercise changed and at a target exercise's
 * deadline. Each attempt keeps what was handed in and when; its late mark follows the deadline, a
 * server-graded one is scored again with the exercise's current settings (answers against the
 * tolerance, a target result against the thresholds), a hand-graded one keeps its points. Each
 * grade is then the counted attempt's score, plus the ranking bonus on a target exercise with one
 * from its deadline on, times the late penalty. The grade is a function of what is stored and the
 * time, so running it again changes nothing; every grade it changes is audited, old → new.
 */
public final class Regrading {
    public static final String RECOMPUTED = "grade-recomputed";
    public static final String RANKING_BONUS = "grade-ranking-bonus";
    private static final double SAME = 1e-9;

    private final Database db;
    private final ExerciseStore exercises;
    private final TargetRescoring target;
    private final RankingBonuses bonuses;
    private final InstantSource clock;

    public Regrading(Database db, TargetRescoring target, RankingBonuses bonuses, InstantSource clock) {
        this.db = db;
        this.exercises = new ExerciseStore(db);
        this.target = target;
        this.bonuses = bonuses;
        this.clock = clock;
    }

    /**
     * A target exercise's deadline passed: its ranking bonus goes into the grades, done by the
     * system. Nothing happens for an exercise deleted, withdrawn, without a bonus or whose deadline
     * moved later (its task was moved with it).
     */
    public void atDeadline(long exerciseId) {
        Optional<Exercise> found = exercises.byId(exerciseId);
        if (found.isPresent() && !found.get().withdrawn() && hasBonusNow(found.get(), clock.instant())) {
            run(found.get(), null, RANKING_BONUS);
        }
    }

    /** Whether the ranking bonus counts now: a target exercise with one, from its deadline on. */
    static boolean hasBonusNow(Exercise e, Instant now) {
        return e.config() instanceof ExerciseConfig.Target t && t.rankingBonus() && !now.isBefore(e.schedule().dueAt());
    }

    /**
     * Re-computes every grade of the exercise in one transaction.
     *
     * @param actorId who caused it (null: the system), for the audit log
     * @param action  the audit log's action for each changed grade
     * @return how many grades changed
     */
    public int run(Exercise exercise, Long actorId, String action) {
        return db.transaction(tx -> run(tx, exercise, actorId, action));
    }

    /** As {@link #run(Exercise, Long, String)}, in the caller's transaction (e.g. the edit's). */
    int run(Rows tx, Exercise exercise, Long actorId, String action) {
        Instant at = clock.instant();
        Map<Long, Double> bonus = hasBonusNow(exercise, at) ? bonuses.of(exercise) : Map.of();
        Map<Long, Submission> attempts = new HashMap<>();
        for (Submission s : SubmissionStore.forExercise(tx, exercise.id())) {
            attempts.put(s.id(), again(tx, exercise, s, at));
        }
        int changed = 0;
        for (Grade g : GradeStore.forExercise(tx, exercise.id())) {
            Submission counted = g.submissionId() == null ? null : attempts.get(g.submissionId());
            if (counted == null || !counted.graded()) {
                continue;
            }
            double extra = bonus.getOrDefault(g.studentId(), 0.0);
            double score = (counted.score() + extra) * exercise.schedule().penaltyFactor(counted.createdAt());
            if (Math.abs(score - g.score()) > SAME || Math.abs(counted.maxScore() - g.maxScore()) > SAME) {
                GradeStore.rescore(tx, g, score, counted.maxScore(), at);
                AuditLog.record(tx, actorId, action, "exercise " + exercise.id() + ": student " + g.studentId() + " "
                        + g.score() + "/" + g.maxScore() + " -> " + score + "/" + counted.maxScore() + " from submission "
                        + counted.id() + " (attempt " + counted.score() + (extra > 0 ? " + ranking bonus " + extra : "")
                        + ", " + exercise.schedule().lateDays(counted.createdAt()) + " late days at "
                        + exercise.schedule().latePenaltyPercentPerDay() + " %)");
                changed++;
            }
        }
        return changed;
    }

    /** The attempt with its late mark and, when the server graded it, its score as the exercise now stands. */
    private Submission again(Rows tx, Exercise exercise, Submission s, Instant at) {
        boolean late = exercise.schedule().isLate(s.createdAt());
        if (late != s.late()) {
            SubmissionStore.markLate(tx, s.id(), late);
        }
        Optional<Scored> scored = s.graded() && s.gradedBy() == null ? rescore(exercise, s) : Optional.empty();
        if (scored.isEmpty() || scored.get().score() == s.score() && scored.get().maxScore() == s.maxScore()
                && Json.read(Json.write(scored.get().feedback()), Map.class).equals(s.feedback())) {
            return new Submission(s.id(), s.exerciseId(), s.studentId(), s.createdAt(), s.payload(), late, s.score(),
                    s.maxScore(), s.feedback(), s.gradedBy(), s.gradedAt());
        }
        Scored now = scored.get();
        SubmissionStore.rescore(tx, s.id(), now, at);
        return new Submission(s.id(), s.exerciseId(), s.studentId(), s.createdAt(), s.payload(), late, now.score(),
                now.maxScore(), now.feedback(), null, at);
    }

    private Optional<Scored> rescore(Exercise exercise, Submission s) {
        return switch (exercise.kind()) {
            case NUMERIC -> Optional.of(NumericAttempts.grade(exercise, s.studentId(), s.payload().get("answers")));
            case TARGET -> s.payload().get("experiment") instanceof Number n
                    ? target.rescore(exercise, s.studentId(), n.longValue()) : Optional.empty();
            case ESSAY -> Optional.empty();
        };
    }
}
