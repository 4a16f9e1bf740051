package io.quantlab.web.exercise;

import io.quantlab.JsonFields;
import io.quantlab.exercise.Exercise;
import io.quantlab.exercise.ExerciseConfig;
import io.quantlab.exercise.Grade;
import io.quantlab.exercise.NumericAttempts;
import io.quantlab.exercise.StudentQuestion;
import io.quantlab.exercise.Submission;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Exercises, attempts and grades as the API shows them. A student's view holds their own numbers
 * and never an answer or score before the exercise's feedback is due.
 */
final class ExerciseJson {
    private ExerciseJson() {}

    static Map<String, Object> summary(Exercise e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", e.id());
        out.put("courseId", e.courseId());
        out.put("kind", JsonFields.apiName(e.kind()));
        out.put("title", e.title());
        out.put("body", e.body());
        out.put("opensAt", e.schedule().opensAt().toString());
        out.put("dueAt", e.schedule().dueAt().toString());
        out.put("locksAt", e.schedule().locksAt().toString());
        out.put("latePenaltyPercentPerDay", e.schedule().latePenaltyPercentPerDay());
        out.put("feedback", JsonFields.apiName(e.feedbackTiming()));
        out.put("maxScore", e.config().maxScore());
        out.put("withdrawn", e.withdrawn());
        return out;
    }

    /** Everything, for an instructor of the course, and whether (since when) it is withdrawn. */
    static Map<String, Object> forInstructor(Exercise e) {
        Map<String, Object> out = summary(e);
        out.put("withdrawnAt", e.withdrawn() ? e.withdrawnAt().toString() : null);
        out.putAll(e.config().json());
        return out;
    }

    /** What {@code studentId} sees: their own questions, their attempts and grade as far as feedback is due. */
    static Map<String, Object> forStudent(Exercise e, long studentId, List<Submission> attempts, Grade grade,
                                          Instant now, Function<Submission, Optional<String>> hiddenEvaluation) {
        Map<String, Object> out = summary(e);
        if (e.config() instanceof ExerciseConfig.Numeric n) {
            out.put("questions", NumericAttempts.questions(e, studentId).stream().map(ExerciseJson::question).toList());
            out.put("tolerancePercent", n.tolerancePercent());
            out.put("maxAttempts", n.maxAttempts());
        } else {
            out.putAll(e.config().json());
        }
        boolean shown = e.feedbackShown(now);
        out.put("attempts", attempts.stream().map(a -> submission(e, a, shown, hiddenEvaluation.apply(a))).toList());
        out.put("grade", grade == null || !shown ? null : grade(grade));
        return out;
    }

    /**
     * @param hiddenEvaluation where a target attempt's hidden-split evaluation stands ("queued", …), shown
     *                         whatever the feedback timing (it holds no number)
     */
    static Map<String, Object> submission(Exercise e, Submission s, boolean scoreShown, Optional<String> hiddenEvaluation) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", s.id());
        out.put("exerciseId", s.exerciseId());
        out.put("studentId", s.studentId());
        out.put("createdAt", s.createdAt().toString());
        out.put("late", s.late());
        out.put("lateDays", e.schedule().lateDays(s.createdAt()));
        out.putAll(s.payload());
        out.put("graded", s.graded() && scoreShown);
        if (s.graded() && scoreShown) {
            out.put("score", s.score());
            out.put("maxScore", s.maxScore());
            out.put("scoreAfterPenalty", s.score() * e.schedule().penaltyFactor(s.createdAt()));
            out.put("feedback", s.feedback());
        }
        hiddenEvaluation.ifPresent(status -> out.put("hiddenEvaluation", status));
        return out;
    }

    static Map<String, Object> grade(Grade g) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("exerciseId", g.exerciseId());
        out.put("studentId", g.studentId());
        out.put("submissionId", g.submissionId());
        out.put("score", g.score());
        out.put("maxScore", g.maxScore());
        out.put("late", g.late());
        out.put("picked", g.picked());
        out.put("comment", g.comment());
        out.put("gradedAt", g.gradedAt() == null ? null : g.gradedAt().toString());
        return out;
    }

    private static Map<String, Object> question(StudentQuestion q) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("number", q.number());
        out.put("text", q.text());
        if (q.isChoice()) {
            out.put("options", q.options());
        } else {
            out.put("fields", q.fields().stream().map(f -> Map.of("key", f.key(), "label", f.label())).toList());
        }
        return out;
    }
}
