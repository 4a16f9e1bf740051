package io.quantlab.leaderboard;

import io.quantlab.InvalidInputException;
import io.quantlab.NotFoundException;
import io.quantlab.account.User;
import io.quantlab.exercise.Exercise;
import io.quantlab.exercise.ExerciseConfig;
import io.quantlab.exercise.ExerciseService;
import io.quantlab.exercise.RankingBonuses;
import io.quantlab.exercise.Regrading;
import io.quantlab.target.HiddenEvaluationStatus;
import io.quantlab.target.TargetResult;
import io.quantlab.target.TargetResultStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A target exercise's leaderboard, like a Kaggle community competition's: until the deadline the
 * public board, ranked by the accuracy on the visible test images each student saw; from the
 * deadline on, the private board, ranked by the accuracy the server measured on the hidden split
 * (with the ranking bonus where the instructor enabled it), which shows only the models whose
 * hidden-split evaluation (a job) is done and says how many are still being evaluated. One row per
 * student: the attempt that counts for their grade. Other students' rows show only the board's
 * columns (no experiment id), under a number instead of a name when the instructor chose to
 * anonymize; their instructors see all.
 */
public final class ExerciseBoard {
    private final ExerciseService exercises;
    private final TargetResultStore results;

    public ExerciseBoard(ExerciseService exercises, TargetResultStore results) {
        this.exercises = exercises;
        this.results = results;
    }

    /**
     * One student's row. {@code accuracy} is the board's (visible before the deadline, hidden after);
     * {@code experimentId} is null unless it is the viewer's own or the viewer teaches the course;
     * {@code rankingBonus} is null on the public board or when the exercise has none.
     */
    public record Row(int rank, String name, boolean you, Long experimentId, String method, String bits,
                      int weightBits, double accuracy, long sizeBytes, Double latencyMs, Double rankingBonus) {}

    /** A counted attempt whose hidden-split evaluation failed, for the course's instructors: who, which experiment, why. */
    public record Unevaluated(String name, long experimentId, String reason) {}

    /**
     * The board as {@code viewer} may see it now. {@code evaluating}: counted attempts whose
     * hidden-split evaluation is still queued or running (not on the private board yet);
     * {@code failed}: those whose evaluation failed, listed for the instructors only (else empty).
     */
    public record View(long exerciseId, String title, long courseId, String dataset, String model, Instant dueAt,
                       boolean privateBoard, boolean anonymized, List<Row> rows, List<Row> paretoFront, int evaluating,
                       List<Unevaluated> failed) {
        /** "private" after the deadline, else "public". */
        public String board() {
            return privateBoard ? "private" : "public";
        }
    }

    /** @throws NotFoundException unless the viewer may see the exercise and it is a target exercise */
    public View board(User viewer, long exerciseId) {
        Exercise exercise = exercises.find(viewer, exerciseId);
        ExerciseConfig.Target target = target(exercise);
        boolean teaches = exercises.teaches(viewer, exercise);
        boolean privateBoard = !exercises.now().isBefore(exercise.schedule().dueAt());
        boolean anonymized = target.anonymize() && !teaches;
        List<TargetResultStore.Entry> entries = results.counted(exerciseId);
        Map<Long, Integer> numbers = new HashMap<>(); // anonymous numbers by student id: not by rank, which would tell
        for (TargetResultStore.Entry e : entries) {
            numbers.put(e.studentId(), numbers.size() + 1);
        }
        int evaluating = (int) entries.stream().filter(e -> e.result().status().pending()).count();
        List<Unevaluated> failed = !teaches ? List.of() : entries.stream()
                .filter(e -> e.result().status() == HiddenEvaluationStatus.FAILED)
                .map(e -> new Unevaluated(e.name(), e.result().experimentId(), e.result().error())).toList();
        List<TargetResultStore.Entry> ranked = ranked(privateBoard ? evaluated(entries) : entries, privateBoard);
        int[] ranks = ranks(ranked, privateBoard);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            TargetResultStore.Entry e = ranked.get(i);
            TargetResult r = e.result();
            double accuracy = accuracy(r, privateBoard);
            int rank = ranks[i];
            boolean you = e.studentId() == viewer.id();
            rows.add(new Row(rank, anonymized && !you ? "Student " + numbers.get(e.studentId()) : e.name(), you,
                    you || teaches ? r.experimentId() : null, r.method(), r.bits(), r.weightBits(), accuracy,
                    r.sizeBytes(), r.latencyMs(),
                    privateBoard && target.rankingBonus() ? rankingBonus(rank, ranked.size()) : null));
        }
        return new View(exercise.id(), exercise.title(), exercise.courseId(), target.dataset(), target.model(),
                exercise.schedule().dueAt(), privateBoard, anonymized, rows,
                ParetoFront.of(rows, Row::sizeBytes, Row::accuracy), evaluating, failed);
    }

    /**
     * Puts each student's ranking bonus on the private board into their grade now (the counted
     * attempt's score plus the bonus, late penalty applied; each changed grade audited with the
     * instructor). The queue does the same by itself at the deadline and again when an evaluation
     * ends after it; this is for "apply now" after a late attempt or a pick. Only evaluated models
     * are ranked ({@link View#evaluating()} tells how many wait). Grades are recomputed from the
     * attempts, so applying it again changes nothing.
     *
     * @throws NotFoundException     unless {@code instructor} teaches the exercise's course
     * @throws InvalidInputException (field "rankingBonus") before the deadline or when the exercise has no bonus
     */
    public View addRankingBonus(User instructor, long exerciseId) {
        Exercise exercise = exercises.taught(instructor, exerciseId);
        ExerciseConfig.Target target = target(exercise);
        if (!target.rankingBonus()) {
            throw new InvalidInputException("rankingBonus", "this exercise has no ranking bonus");
        }
        if (exercises.now().isBefore(exercise.schedule().dueAt())) {
            throw new InvalidInputException("rankingBonus", "the ranking bonus is computed on the private board, after"
                    + " the deadline (" + exercise.schedule().dueAt() + ")");
        }
        exercises.regrade(instructor, exerciseId, Regrading.RANKING_BONUS);
        return board(instructor, exerciseId);
    }

    /** Each student's bonus on the exercise's private board, by student id: {@link Regrading}'s {@link RankingBonuses}. */
    public static Map<Long, Double> rankingBonuses(TargetResultStore results, Exercise exercise) {
        List<TargetResultStore.Entry> ranked = ranked(evaluated(results.counted(exercise.id())), true);
        int[] ranks = ranks(ranked, true);
        Map<Long, Double> out = new HashMap<>();
        for (int i = 0; i < ranked.size(); i++) {
            out.put(ranked.get(i).studentId(), rankingBonus(ranks[i], ranked.size()));
        }
        return out;
    }

    private static ExerciseConfig.Target target(Exercise exercise) {
        if (exercise.config() instanceof ExerciseConfig.Target target) {
            return target;
        }
        throw new NotFoundException(null, "exercise " + exercise.id() + " has no leaderboard: it is not a target exercise");
    }

    /** The entries whose hidden accuracy is known: the private board's and the ranking bonus's. */
    private static List<TargetResultStore.Entry> evaluated(List<TargetResultStore.Entry> entries) {
        return entries.stream().filter(e -> e.result().evaluated()).toList();
    }

    /** Most accurate first; on a tie the student who joined the board first. */
    private static List<TargetResultStore.Entry> ranked(List<TargetResultStore.Entry> entries, boolean privateBoard) {
        List<TargetResultStore.Entry> ranked = new ArrayList<>(entries);
        ranked.sort(Comparator.comparingDouble((TargetResultStore.Entry e) -> -accuracy(e.result(), privateBoard))
                .thenComparingLong(TargetResultStore.Entry::studentId));
        return ranked;
    }

    /** 1-based places; equal accuracies share the higher place. */
    private static int[] ranks(List<TargetResultStore.Entry> ranked, boolean privateBoard) {
        int[] ranks = new int[ranked.size()];
        for (int i = 0; i < ranks.length; i++) {
            ranks[i] = i > 0 && accuracy(ranked.get(i).result(), privateBoard)
                    == accuracy(ranked.get(i - 1).result(), privateBoard) ? ranks[i - 1] : i + 1;
        }
        return ranks;
    }

    private static double accuracy(TargetResult r, boolean privateBoard) {
        return privateBoard ? r.hiddenAccuracy() : r.visibleAccuracy();
    }

    /** 1 point for the first place falling linearly to 0 for the last (1 when alone); ties share the higher place. */
    static double rankingBonus(int rank, int students) {
        return students <= 1 ? 1 : (double) (students - rank) / (students - 1);
    }
}
