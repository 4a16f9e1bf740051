package io.quantlab.target;

import io.quantlab.InvalidInputException;
import io.quantlab.data.Datasets;
import io.quantlab.experiment.ExperimentStore;
import io.quantlab.jobs.JobAttempt;
import io.quantlab.jobs.JobKind;
import io.quantlab.jobs.JobQueue;
import java.time.InstantSource;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * The job that evaluates one handed-in experiment on the hidden split ({@link HiddenEvaluation})
 * and stores its accuracy with the target result (copied where the same experiment, handed in to
 * another exercise, was evaluated already). It writes once, at the end, only while it is
 * still the job's run: a run cut off (kill -9, a restart) starts over and ends with one result. A
 * model that cannot be run ends the job FAILED with the reason, which the instructor sees. An
 * evaluation that ends after its exercise's deadline tells {@code evaluated}, so a ranking bonus
 * given at the deadline without this model is given again with it.
 */
public final class HiddenEvaluationJob {
    private final TargetResultStore results;
    private final ExperimentStore experiments;
    private final Datasets datasets;
    private final InstantSource clock;
    private final LongConsumer evaluated;

    /** @param evaluated told the exercise's id after each evaluation stored */
    public HiddenEvaluationJob(TargetResultStore results, ExperimentStore experiments, Datasets datasets,
                               InstantSource clock, LongConsumer evaluated) {
        this.results = results;
        this.experiments = experiments;
        this.datasets = datasets;
        this.clock = clock;
        this.evaluated = evaluated;
    }

    public JobKind kind() {
        return new JobKind(JobQueue.HIDDEN_EVALUATION, results.jobs(), this::run);
    }

    /** A few seconds at most: a run the server stops in the middle is put back in the queue and starts over. */
    private void run(JobAttempt attempt, BooleanSupplier stopping) {
        TargetResult result = results.byId(attempt.id()).orElseThrow();
        try {
            var experiment = experiments.find(result.experimentId()).orElseThrow(() -> new InvalidInputException(
                    "experiment", "experiment " + result.experimentId() + " no longer exists"));
            // the same model handed in to another exercise was run already: its accuracy is the same
            HiddenEvaluation.Result hidden = results.evaluated(experiment.id())
                    .orElseGet(() -> HiddenEvaluation.of(experiment, experiments, datasets));
            results.finish(attempt, hidden, clock.instant());
            evaluated.accept(result.exerciseId());
        } catch (InvalidInputException e) {
            results.jobs().fail(attempt, e.getMessage());
        }
    }
}
