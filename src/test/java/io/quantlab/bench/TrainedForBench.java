package io.quantlab.bench;

import io.quantlab.data.Datasets;
import io.quantlab.deploy.TrainedParameters;
import io.quantlab.model.ModelSpec;
import io.quantlab.train.LearningRateSchedule;
import io.quantlab.train.TrainConfig;
import io.quantlab.train.TrainListener;
import io.quantlab.train.TrainResult;
import io.quantlab.train.Trainer;
import java.util.Map;

/** A model the PTQ benchmarks quantize: trained on Fashion-MNIST with SGD 0.01, momentum 0.9, cosine, batch 64. */
record TrainedForBench(TrainResult trained, ModelSpec spec, TrainedParameters parameters) {

    static TrainedForBench train(Datasets datasets, String model, int epochs, int subset) {
        TrainConfig config = new TrainConfig("fashion-mnist", model, epochs, 64, 0.01, TrainConfig.SGD, 0.9, 0, subset,
                0, LearningRateSchedule.COSINE, TrainConfig.DEFAULT_STEP_EPOCHS, TrainConfig.DEFAULT_STEP_GAMMA, 0, 0,
                false, Map.of(), TrainConfig.DEFAULT_EARLY_EXIT_THRESHOLD);
        TrainResult trained = new Trainer(datasets).run(config, TrainListener.NONE);
        ModelSpec spec = Trainer.modelSpec(config, datasets.get("fashion-mnist"));
        return new TrainedForBench(trained, spec, TrainedParameters.load(spec, trained.parameterBytes()));
    }
}
