package io.quantlab.experiment;

import io.quantlab.jobs.JobAttempt;
import io.quantlab.jobs.JobKind;
import io.quantlab.jobs.JobQueue;
import java.util.function.BooleanSupplier;

/**
 * The one job kind of every experiment: one queue name and one table, so queue positions,
 * per-user limits, cancelling and restarts serve every kind alike; each job runs the work of its
 * row's {@link ExperimentKind}.
 */
public final class ExperimentJob {
    private final ExperimentStore experiments;
    private final TrainingRun training;
    private final PtqRun ptq;

    public ExperimentJob(ExperimentStore experiments, TrainingRun training, PtqRun ptq) {
        this.experiments = experiments;
        this.training = training;
        this.ptq = ptq;
    }

    public JobKind kind() {
        return new JobKind(JobQueue.EXPERIMENT, experiments.jobs(), this::run);
    }

    private void run(JobAttempt attempt, BooleanSupplier stopping) {
        ExperimentKind kind = experiments.find(attempt.id()).orElseThrow().kind();
        switch (kind) {
            case TRAIN -> training.run(attempt, stopping);
            case PTQ, PTQ_VARIANTS -> ptq.run(attempt, stopping);
        }
    }
}
