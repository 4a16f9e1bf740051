package io.quantlab.imported;

import ai.djl.nn.Block;
import io.quantlab.InvalidInputException;
import io.quantlab.data.Dataset;
import io.quantlab.data.Datasets;
import io.quantlab.jobs.JobAttempt;
import io.quantlab.jobs.JobKind;
import io.quantlab.jobs.JobQueue;
import io.quantlab.train.Evaluation;
import io.quantlab.train.TrainListener;
import io.quantlab.train.TrainProgress;
import io.quantlab.train.TrainingCancelledException;
import java.util.function.BooleanSupplier;

/** The job that evaluates one imported network in FP32 on its data set's test split. */
public final class ImportEvaluation {
    private static final int LATENCY_RUNS = 20;

    private final ImportedModelStore store;
    private final Datasets datasets;

    public ImportEvaluation(ImportedModelStore store, Datasets datasets) {
        this.store = store;
        this.datasets = datasets;
    }

    public JobKind kind() {
        return new JobKind(JobQueue.IMPORTED_MODEL, store.jobs(), this::run);
    }

    /** Nothing is written until the end, so a run stopped for a shutdown just returns and starts over later. */
    private void run(JobAttempt attempt, BooleanSupplier stopping) {
        long id = attempt.id();
        ImportedModel imported = store.find(id).orElseThrow();
        byte[] content = store.content(id).orElseThrow();
        TrainListener stopWhenShuttingDown = new TrainListener() {
            @Override
            public void progress(TrainProgress p) {
            }

            @Override
            public boolean cancelRequested() {
                return stopping.getAsBoolean();
            }
        };
        try {
            Dataset data = datasets.get(imported.dataset());
            ImportedMetrics metrics = ImportService.withModel(content, imported.fileName(), data, model -> {
                Block block = model.block();
                double accuracy = Evaluation.testAccuracy(block, model.manager(), data, stopWhenShuttingDown);
                double batch = Evaluation.latency(block, model.manager(), data, 64, LATENCY_RUNS).medianMs();
                double single = Evaluation.latency(block, model.manager(), data, 1, LATENCY_RUNS).medianMs();
                long parameters = block.getParameters().values().stream()
                        .mapToLong(p -> p.getArray().getShape().size()).sum();
                return new ImportedMetrics(accuracy, batch, single, content.length, parameters);
            });
            store.finish(attempt, metrics);
        } catch (TrainingCancelledException e) {
            // the server is stopping: the queue puts the evaluation back
        } catch (InvalidInputException e) {
            store.jobs().fail(attempt, e.getMessage());
        }
    }
}
