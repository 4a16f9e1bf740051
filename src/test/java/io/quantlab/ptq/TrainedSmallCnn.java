package io.quantlab.ptq;

import io.quantlab.data.Dataset;
import io.quantlab.data.Datasets;
import io.quantlab.deploy.TrainedParameters;
import io.quantlab.model.ModelSpec;
import io.quantlab.train.TrainConfig;
import io.quantlab.train.TrainListener;
import io.quantlab.train.TrainResult;
import io.quantlab.train.Trainer;

/**
 * The small CNN the PTQ and QAT tests quantize: one epoch of Adam on 3000 training images,
 * trained in the test; {@code training} is how (QAT fine-tunes with its batches and subset).
 */
public record TrainedSmallCnn(ModelSpec spec, TrainedParameters parameters, TrainConfig training) {

    static final Datasets DATASETS = new Datasets();
    /** Fashion-MNIST, or synthetic images where it is not downloaded. */
    public static final Dataset DATA = DATASETS.get(DATASETS.status().get(0).present() ? "fashion-mnist" : "synthetic");

    public static TrainedSmallCnn train() {
        TrainConfig config = new TrainConfig(DATA.name(), "small-cnn", 1, 64, 0.001, "adam", 0.9, 0, 3000, 0);
        TrainResult result = new Trainer(DATASETS).run(config, TrainListener.NONE);
        ModelSpec spec = Trainer.modelSpec(config, DATA);
        return new TrainedSmallCnn(spec, TrainedParameters.load(spec, result.parameterBytes()), config);
    }
}
