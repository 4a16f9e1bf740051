package io.quantlab.bench;

import io.quantlab.data.Dataset;
import io.quantlab.data.Datasets;
import io.quantlab.deploy.TrainedParameters;
import io.quantlab.model.ModelSpec;
import io.quantlab.train.LearningRateSchedule;
import io.quantlab.train.TrainConfig;
import io.quantlab.train.TrainListener;
import io.quantlab.train.TrainResult;
import io.quantlab.train.Trainer;
import java.util.Map;

/**
 * The model the PTQ benchmarks quantize, trained in the run on Fashion-MNIST: {@code
 * quantlab.bench.model} (small-cnn), {@code quantlab.bench.epochs} (1) epochs on {@code
 * quantlab.bench.subset} (20,000) images, SGD 0.01, momentum 0.9, cosine, batch 64.
 */
record PtqBenchModel(String name, int epochs, int subset, Dataset data, ModelSpec spec, TrainResult trained) {

    static PtqBenchModel train(Datasets datasets) {
        String model = System.getProperty("quantlab.bench.model", "small-cnn");
        int epochs = Integer.getInteger("quantlab.bench.epochs", 1);
        int subset = Integer.getInteger("quantlab.bench.subset", 20_000);
        Dataset data = datasets.get("fashion-mnist");
        TrainConfig config = new TrainConfig("fashion-mnist", model, epochs, 64, 0.01, TrainConfig.SGD, 0.9, 0, subset,
                0, LearningRateSchedule.COSINE, TrainConfig.DEFAULT_STEP_EPOCHS, TrainConfig.DEFAULT_STEP_GAMMA, 0, 0,
                false, Map.of(), TrainConfig.DEFAULT_EARLY_EXIT_THRESHOLD);
        TrainResult trained = new Trainer(datasets).run(config, TrainListener.NONE);
        return new PtqBenchModel(model, epochs, subset, data, Trainer.modelSpec(config, data), trained);
    }

    TrainedParameters parameters() {
        return TrainedParameters.load(spec, trained.parameterBytes());
    }
}
