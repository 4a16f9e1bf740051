package io.quantlab.experiment;

import io.quantlab.InvalidInputException;
import io.quantlab.data.Dataset;
import io.quantlab.data.Datasets;
import io.quantlab.deploy.TrainedParameters;
import io.quantlab.model.ModelSpec;
import io.quantlab.train.TrainConfig;
import io.quantlab.train.Trainer;

/** The finished FP32 training a quantization job starts from: its settings, data set, model and parameters. */
public record ParentTraining(long id, TrainConfig train, Dataset data, ModelSpec spec, TrainedParameters parameters) {

    /** Loads the parent of {@code experiment}, which the API checked was a finished training. */
    public static ParentTraining of(Experiment experiment, ExperimentStore experiments, Datasets datasets) {
        return load(experiments.find(experiment.parentId()).orElseThrow(), experiments, datasets);
    }

    /** Loads the finished training {@code parent}. */
    static ParentTraining load(Experiment parent, ExperimentStore experiments, Datasets datasets) {
        TrainConfig trained = parent.train();
        Dataset data = datasets.get(trained.dataset());
        ModelSpec spec = Trainer.modelSpec(trained, data);
        byte[] parameters = experiments.parameters(parent.id()).orElseThrow(() -> new InvalidInputException(
                "parent", "training " + parent.id() + " has no stored parameters"));
        return new ParentTraining(parent.id(), trained, data, spec, TrainedParameters.load(spec, parameters));
    }
}
