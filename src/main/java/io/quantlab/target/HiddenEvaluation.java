package io.quantlab.target;

import io.quantlab.InvalidInputException;
import io.quantlab.data.Dataset;
import io.quantlab.data.Datasets;
import io.quantlab.deploy.DeployedModel;
import io.quantlab.deploy.Fp32Export;
import io.quantlab.deploy.InputNormalization;
import io.quantlab.deploy.ModelQuantization;
import io.quantlab.deploy.TrainedParameters;
import io.quantlab.experiment.Experiment;
import io.quantlab.experiment.ExperimentConfig;
import io.quantlab.experiment.ExperimentStore;
import io.quantlab.experiment.ParentTraining;
import io.quantlab.model.ModelSpec;
import io.quantlab.ptq.FakeQuantizedNetwork;
import io.quantlab.ptq.StoredQuantization;
import io.quantlab.train.Trainer;

/**
 * A finished experiment's model re-evaluated on its data set's hidden split ({@link Dataset#hiddenSplit()}),
 * the way its visible accuracy was measured: a deployed quantization's ONNX file in ONNX Runtime; a
 * simulated one fake-quantized in DJL with its stored {@code quantization.json} and parameters (a
 * QAT result's own, a PTQ result's parent's); a training's FP32 parameters exported to ONNX Runtime.
 */
final class HiddenEvaluation {
    static final String ONNX_RUNTIME = "ONNX Runtime";
    static final String SIMULATED = "simulated";

    /** Top-1 percent on the hidden split, where it ran, and how long it took. */
    record Result(double accuracy, String evaluatedIn, double millis) {}

    private HiddenEvaluation() {}

    /** @throws InvalidInputException (field "experiment") when the experiment keeps no model to run */
    static Result of(Experiment e, ExperimentStore experiments, Datasets datasets) {
        long start = System.nanoTime();
        Dataset hidden = datasets.get(e.config().dataset()).hiddenSplit();
        double accuracy;
        String where;
        if (e.config() instanceof ExperimentConfig.Training t) {
            ModelSpec spec = Trainer.modelSpec(t.train(), hidden);
            TrainedParameters parameters = TrainedParameters.load(spec, stored(experiments, e, "parameters",
                    experiments.parameters(e.id()).orElse(null)));
            accuracy = deployed(Fp32Export.write(spec, parameters, InputNormalization.of(hidden)), hidden);
            where = ONNX_RUNTIME;
        } else if (e.config() instanceof ExperimentConfig.Ptq || e.config() instanceof ExperimentConfig.Qat) {
            byte[] onnx = experiments.artifact(e.id(), ExperimentStore.MODEL_ONNX).orElse(null);
            if (onnx != null) {
                accuracy = deployed(onnx, hidden);
                where = ONNX_RUNTIME;
            } else {
                accuracy = simulated(e, experiments, datasets, hidden);
                where = SIMULATED;
            }
        } else {
            throw new InvalidInputException("experiment", "experiment " + e.id() + " is a " + e.kind().apiName()
                    + " comparison and keeps no model of its own; submit one of its settings as a single"
                    + " quantization (ptq) instead");
        }
        return new Result(accuracy, where, (System.nanoTime() - start) / 1e6);
    }

    private static double deployed(byte[] onnx, Dataset hidden) {
        try (DeployedModel model = DeployedModel.load(onnx)) {
            return model.accuracy(InputNormalization.scaledTestImages(hidden, 0, hidden.testSize()), hidden.testLabels());
        }
    }

    private static double simulated(Experiment e, ExperimentStore experiments, Datasets datasets, Dataset hidden) {
        ParentTraining parent = ParentTraining.of(e, experiments, datasets);
        ModelQuantization quantization = StoredQuantization.read(stored(experiments, e, ExperimentStore.QUANTIZATION_JSON,
                experiments.artifact(e.id(), ExperimentStore.QUANTIZATION_JSON).orElse(null)));
        if (quantization.mode() == ModelQuantization.Mode.STATIC && quantization.activations().isEmpty()) {
            throw new InvalidInputException("experiment", "experiment " + e.id() + " stored no activation grids, so"
                    + " its simulated model cannot be run again; submit an 8-bit (deployed) result or a PTQ result");
        }
        TrainedParameters parameters = e.config() instanceof ExperimentConfig.Qat
                ? TrainedParameters.load(parent.spec(), stored(experiments, e, "parameters",
                        experiments.parameters(e.id()).orElse(null)))
                : parent.parameters();
        try (FakeQuantizedNetwork network = new FakeQuantizedNetwork(parent.spec(), parameters, quantization)) {
            return network.testAccuracy(hidden, hidden.testSize());
        }
    }

    private static byte[] stored(ExperimentStore experiments, Experiment e, String file, byte[] content) {
        if (content == null) {
            throw new InvalidInputException("experiment", "experiment " + e.id() + " has no stored " + file
                    + " to evaluate");
        }
        return content;
    }
}
