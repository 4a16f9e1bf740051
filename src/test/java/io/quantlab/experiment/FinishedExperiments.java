package io.quantlab.experiment;

import io.quantlab.ptq.PtqConfig;
import io.quantlab.store.Database;
import io.quantlab.train.TrainConfig;
import io.quantlab.train.TrainReport;
import java.util.List;
import java.util.Map;

/**
 * Finished experiments of every kind written through {@link ExperimentStore}, with the metrics a
 * test chooses, finished as their jobs finish them: what leaderboard tests rank.
 */
public final class FinishedExperiments {
    private final Database db;
    private final ExperimentStore store;

    public FinishedExperiments(Database db) {
        this.db = db;
        this.store = new ExperimentStore(db);
    }

    public ExperimentStore store() {
        return store;
    }

    /** A finished training with this test accuracy and FP32 size (latency 2 ms per batch of 64). */
    public long training(long owner, String dataset, String model, double testAccuracy, long sizeBytes) {
        long id = db.transaction(tx -> store.insertQueued(tx, owner,
                new ExperimentConfig.Training(TrainConfig.defaults(dataset, model))));
        store.finish(store.jobs().claim(id).orElseThrow(),
                new TrainMetrics(testAccuracy, 2.0, 0.1, sizeBytes, sizeBytes / 4, 1.0), new byte[] {1},
                new TrainReport(List.of(), new double[0], new long[0][0], null, null, 1, 0, List.of(), null, null));
        return id;
    }

    /** A finished PTQ of {@code parent} with this setting and these metrics. */
    public long ptq(long owner, long parent, PtqConfig config, PtqMetrics metrics) {
        Experiment p = store.find(parent).orElseThrow();
        return done(db.transaction(tx -> store.insertQueued(tx, owner,
                new ExperimentConfig.Ptq(parent, p.config().dataset(), p.config().model(), config), parent, null)),
                metrics);
    }

    /** A finished four-variant job of {@code parent}. */
    public long variants(long owner, long parent, PtqVariantsMetrics metrics) {
        Experiment p = store.find(parent).orElseThrow();
        return done(db.transaction(tx -> store.insertQueued(tx, owner,
                new ExperimentConfig.PtqVariants(parent, p.config().dataset(), p.config().model(), 10), parent,
                null)), metrics);
    }

    /** A queued experiment that never finishes. */
    public long queuedTraining(long owner, String dataset, String model) {
        return db.transaction(tx -> store.insertQueued(tx, owner,
                new ExperimentConfig.Training(TrainConfig.defaults(dataset, model))));
    }

    /**
     * Deployed PTQ metrics: {@code accuracy} in ONNX Runtime (simulated 0.1 pt below), the parent
     * {@code fp32Accuracy}, {@code sizeBytes} against a 4× larger FP32 file, 1.5× faster.
     */
    public static PtqMetrics deployed(double accuracy, double fp32Accuracy, long sizeBytes, String variant) {
        return new PtqMetrics(accuracy - 0.1, accuracy, fp32Accuracy, 99.5, 2.0, 0.1, 2.2, 0.12, 3.0, 0.15, 3.3,
                0.16, 1.5, 1.5, 2, sizeBytes, 4 * sizeBytes, sizeBytes / 2, true, 0.5, 1.0, variant);
    }

    /** Simulated-only PTQ metrics (activations below 8 bits): no deployed accuracy, latency or speed-up. */
    public static PtqMetrics simulated(double accuracy, double fp32Accuracy, long sizeBytes) {
        return new PtqMetrics(accuracy, null, fp32Accuracy, null, null, null, null, null, 3.0, 0.15, 3.3, 0.16,
                null, null, 2, sizeBytes, 8 * sizeBytes, sizeBytes, null, 0.5, 1.0, null);
    }

    private long done(long id, ExperimentMetrics metrics) {
        store.finish(store.jobs().claim(id).orElseThrow(), metrics, Map.of());
        return id;
    }
}
