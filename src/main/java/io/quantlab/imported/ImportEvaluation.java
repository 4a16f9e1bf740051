package io.quantlab.imported;

import ai.djl.nn.Block;
import io.quantlab.InvalidInputException;
import io.quantlab.data.Dataset;
import io.quantlab.data.Datasets;
import io.quantlab.train.Evaluation;
import io.quantlab.train.TrainListener;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The job that evaluates one imported network in FP32 on its data set's test split. */
public final class ImportEvaluation {
    private static final Logger LOG = LoggerFactory.getLogger(ImportEvaluation.class);
    private static final int LATENCY_RUNS = 20;

    private final ImportedModelStore store;
    private final Datasets datasets;

    public ImportEvaluation(ImportedModelStore store, Datasets datasets) {
        this.store = store;
        this.datasets = datasets;
    }

    public void run(long id) {
        Optional<ImportedModel> found = store.find(id);
        Optional<byte[]> content = store.content(id);
        if (found.isEmpty() || content.isEmpty() || !store.markRunning(id)) {
            return;
        }
        ImportedModel imported = found.get();
        try {
            Dataset data = datasets.get(imported.dataset());
            ImportedMetrics metrics = ImportService.withModel(content.get(), imported.fileName(), data, model -> {
                Block block = model.block();
                double accuracy = Evaluation.testAccuracy(block, model.manager(), data, TrainListener.NONE);
                double batch = Evaluation.latency(block, model.manager(), data, 64, LATENCY_RUNS).medianMs();
                double single = Evaluation.latency(block, model.manager(), data, 1, LATENCY_RUNS).medianMs();
                long parameters = block.getParameters().values().stream()
                        .mapToLong(p -> p.getArray().getShape().size()).sum();
                return new ImportedMetrics(accuracy, batch, single, content.get().length, parameters);
            });
            store.finish(id, metrics);
        } catch (InvalidInputException e) {
            store.fail(id, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("evaluating imported model {} failed", id, e);
            store.fail(id, "evaluation failed: " + e);
        }
    }
}
