package io.quantlab.web.exercise;

import io.quantlab.exercise.Exercise;
import io.quantlab.exercise.ExerciseConfig;
import io.quantlab.exercise.GradeBook;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an exercise asks and how it is scored, in words: the same on the student's page and on the
 * instructor's, so both read what the server checks (a numeric exercise's tolerance, a target's
 * data set, model and thresholds).
 */
public final class ExerciseTerms {
    private ExerciseTerms() {}

    /** One sentence on what to hand in and how it is scored (an essay's rubric with each criterion's points). */
    public static String summary(Exercise exercise) {
        if (exercise.config() instanceof ExerciseConfig.Essay e && !e.rubric().isEmpty()) {
            return "Graded on: " + String.join("; ", e.rubric().stream()
                    .map(c -> c.criterion() + " (" + GradeBook.number(c.points()) + ")").toList()) + ".";
        }
        if (exercise.config() instanceof ExerciseConfig.Numeric n) {
            return "A real number counts within " + GradeBook.number(n.tolerancePercent()) + " % of the expected"
                    + " value; a whole number (a zero-point, a count of levels, bytes) must be exact. Each question"
                    + " is worth 1 point.";
        }
        if (exercise.config() instanceof ExerciseConfig.Target t) {
            return "Hand in one of your own finished experiments of " + t.model() + " on " + t.dataset()
                    + " (a training, or a PTQ, QAT or mixed-precision result of one). One point for each target it meets:";
        }
        return "";
    }

    /** A target exercise's thresholds, one line each (and the ranking bonus when it is on); empty for other kinds. */
    public static List<String> targets(Exercise exercise) {
        List<String> out = new ArrayList<>();
        if (!(exercise.config() instanceof ExerciseConfig.Target t)) {
            return out;
        }
        if (t.maxWeightBits() != null) {
            out.add("weights at most " + t.maxWeightBits() + " bits (a training's are 32)");
        }
        if (t.maxSizeBytes() != null) {
            out.add(String.format(Locale.ROOT, "size at most %,d bytes (%s KB), as its page shows it",
                    t.maxSizeBytes(), GradeBook.number(t.maxSizeBytes() / 1024.0)));
        }
        if (t.minAccuracy() != null) {
            out.add("accuracy at least " + GradeBook.number(t.minAccuracy())
                    + " % on the visible test images, as its page shows it");
        }
        if (t.rankingBonus()) {
            out.add("ranking bonus: up to 1 more point at the deadline, ranked by the accuracy on the hidden test"
                    + " images (1 for the first place, falling to 0 for the last)");
        }
        return out;
    }
}
