package io.quantlab.target;

import io.quantlab.InvalidInputException;
import io.quantlab.JsonFields;
import io.quantlab.NotFoundException;
import io.quantlab.account.User;
import io.quantlab.exercise.Exercise;
import io.quantlab.exercise.ExerciseConfig;
import io.quantlab.exercise.HiddenEvaluationState;
import io.quantlab.exercise.Scored;
import io.quantlab.exercise.TargetGrading;
import io.quantlab.exercise.TargetRescoring;
import io.quantlab.experiment.Experiment;
import io.quantlab.experiment.ExperimentConfig;
import io.quantlab.experiment.ExperimentResult;
import io.quantlab.experiment.ExperimentStatus;
import io.quantlab.experiment.ExperimentStore;
import io.quantlab.experiment.MixedPrecisionMetrics;
import io.quantlab.jobs.JobQueue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Grades a target exercise's attempt. The constraints are checked on what the student saw, the
 * experiment's stored metrics: weight bits from its settings (32 for a training), size, and the
 * visible accuracy its result page shows; one point per threshold met, at once. The model's run
 * on the hidden split is a job ({@link HiddenEvaluationJob}, queued here, once per exercise,
 * student and experiment): its accuracy ranks the private board and never reaches the student
 * before the deadline, so it is not in the attempt's feedback; the attempt shows only where that
 * evaluation stands.
 */
public final class TargetGrader implements TargetGrading {
    private final ExperimentStore experiments;
    private final TargetResultStore results;
    private final JobQueue queue;

    public TargetGrader(ExperimentStore experiments, TargetResultStore results, JobQueue queue) {
        this.experiments = experiments;
        this.results = results;
        this.queue = queue;
    }

    @Override
    public Scored grade(Exercise exercise, User student, long experimentId) {
        ExerciseConfig.Target target = (ExerciseConfig.Target) exercise.config();
        Experiment e = experiments.find(experimentId).filter(found -> found.ownerId() == student.id())
                .orElseThrow(() -> new NotFoundException("experiment", "no experiment " + experimentId + " of yours"));
        if (e.status() != ExperimentStatus.DONE || e.results().isEmpty()) {
            throw new InvalidInputException("experiment", "experiment " + experimentId + " has not finished; submit it"
                    + " once it is done");
        }
        if (!target.dataset().equals(e.config().dataset()) || !target.model().equals(e.config().model())) {
            throw new InvalidInputException("experiment", "this exercise asks for " + target.model() + " on "
                    + target.dataset() + "; experiment " + experimentId + " is " + e.config().model() + " on "
                    + e.config().dataset());
        }
        Optional<TargetResult> stored = results.of(exercise.id(), student.id(), experimentId);
        if (stored.isEmpty() || stored.get().status() == HiddenEvaluationStatus.FAILED) {
            HiddenEvaluation.requireRunnable(e, experiments);
            // a failed evaluation is tried again when the experiment is handed in again (its files may be whole again)
            (stored.isEmpty() ? results.queue(checked(exercise, student, e)) : results.retry(exercise.id(), student.id(),
                    experimentId)).ifPresent(job -> queue.enqueue(JobQueue.HIDDEN_EVALUATION, job));
        }
        return score(target, results.of(exercise.id(), student.id(), experimentId).orElseThrow());
    }

    @Override
    public Optional<HiddenEvaluationState> hiddenEvaluationState(Exercise exercise, long studentId, long experimentId) {
        return results.of(exercise.id(), studentId, experimentId).map(r -> new HiddenEvaluationState(
                JsonFields.apiName(r.status()), r.error(), r.hiddenAccuracy()));
    }

    /** An attempt scored again from its stored check with the exercise's current thresholds (after an edit). */
    public static TargetRescoring rescoring(TargetResultStore results) {
        return (exercise, studentId, experimentId) -> results.of(exercise.id(), studentId, experimentId)
                .map(r -> score((ExerciseConfig.Target) exercise.config(), r));
    }

    /** The numbers checked from the stored metrics, the hidden evaluation still to come. */
    private static TargetResult checked(Exercise exercise, User student, Experiment e) {
        ExperimentResult shown = e.results().get(0);
        return new TargetResult(exercise.id(), student.id(), e.id(), shown.method(), shown.bits(), weightBits(e),
                shown.sizeBytes(), shown.latencyMsBatch64(), shown.accuracy(), HiddenEvaluationStatus.QUEUED, null,
                null, null, null, null);
    }

    /** The widest weight grid the experiment's settings (a mixed precision's search) ask for: 32 for an FP32 training. */
    static int weightBits(Experiment e) {
        ExperimentConfig config = e.config();
        if (config instanceof ExperimentConfig.MixedPrecision) {
            return e.metrics(MixedPrecisionMetrics.class).layerBits().values().stream().mapToInt(Integer::intValue)
                    .max().orElse(32);
        }
        if (config instanceof ExperimentConfig.Ptq p) {
            return p.ptq().weightBits();
        }
        if (config instanceof ExperimentConfig.Qat q) {
            return q.qat().weightGrids().weightBits();
        }
        if (config instanceof ExperimentConfig.PtqVariants) {
            return 8; // the notebook's four W8A8 variants
        }
        return 32;
    }

    /** One point per threshold the stored (visible) numbers meet; the ranking bonus comes at the deadline. */
    static Scored score(ExerciseConfig.Target target, TargetResult r) {
        List<Map<String, Object>> criteria = new ArrayList<>();
        double points = 0;
        if (target.maxWeightBits() != null) {
            points += criterion(criteria, "maxWeightBits", target.maxWeightBits(), r.weightBits(),
                    r.weightBits() <= target.maxWeightBits());
        }
        if (target.maxSizeBytes() != null) {
            points += criterion(criteria, "maxSizeBytes", target.maxSizeBytes(), r.sizeBytes(),
                    r.sizeBytes() <= target.maxSizeBytes());
        }
        if (target.minAccuracy() != null) {
            points += criterion(criteria, "minAccuracy", target.minAccuracy(), r.visibleAccuracy(),
                    r.visibleAccuracy() >= target.minAccuracy());
        }
        Map<String, Object> feedback = new LinkedHashMap<>();
        feedback.put("experiment", r.experimentId());
        feedback.put("method", r.method());
        feedback.put("criteria", criteria);
        feedback.put("met", (int) points);
        feedback.put("of", criteria.size());
        if (target.rankingBonus()) {
            feedback.put("rankingBonus", "up to 1 point from the private leaderboard's ranking, computed at the deadline");
        }
        feedback.put("text", sentence(criteria) + " Your model is also run on the hidden test images (a job of a few"
                + " seconds); that accuracy is published on the private leaderboard after the deadline.");
        return new Scored(points, target.maxScore(), feedback);
    }

    /** "Weights: 8 bits (at most 8) ✓; size: …" for the exercise page. */
    private static String sentence(List<Map<String, Object>> criteria) {
        List<String> parts = new ArrayList<>();
        for (Map<String, Object> c : criteria) {
            String mark = Boolean.TRUE.equals(c.get("met")) ? " ✓" : " ✗";
            parts.add(switch ((String) c.get("criterion")) {
                case "maxWeightBits" -> "weights " + c.get("value") + " bits (at most " + c.get("limit") + ")" + mark;
                case "maxSizeBytes" -> String.format(java.util.Locale.ROOT, "size %,d bytes (at most %,d)",
                        (Long) c.get("value"), (Long) c.get("limit")) + mark;
                default -> String.format(java.util.Locale.ROOT, "accuracy %.2f %% (at least %.2f %%)",
                        (Double) c.get("value"), (Double) c.get("limit")) + mark;
            });
        }
        String text = String.join("; ", parts) + ".";
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static int criterion(List<Map<String, Object>> criteria, String name, Object limit, Object value, boolean met) {
        criteria.add(Map.of("criterion", name, "limit", limit, "value", value, "met", met));
        return met ? 1 : 0;
    }
}
