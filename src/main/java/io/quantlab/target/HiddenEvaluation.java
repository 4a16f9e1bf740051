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
 * QAT or mixed-precision result's own fine-tuned ones, binary layers' weights already binarized; a
 * PTQ result's parent's); a training's FP32 parameters exported to ONNX Runtime.
 */
final class HiddenEvaluation {
    static final String ONNX_RUNTIME = "ONNX Runtime";
    static final String SIMULATED = "simulated";

    /** Top-1 percent on the hidden split, where it ran, and how long it took. */
    record Result(double accuracy, String evaluatedIn, double millis) {}

    private HiddenEvaluation() {}

    /**
     * Checks, without running anything, that the experiment keeps what its evaluation needs: what a
     * submission checks before it is stored.
     *
     * @throws InvalidInputException (field "experiment") when the experiment keeps no model to run
     */
    static void requireRunnable(Experiment e, ExperimentStore experiments) {
        if (e.config() instanceof ExperimentConfig.Training) {
            stored(e, "parameters", experiments.parameters(e.id()).orElse(null));
        } else if (simulates(e.config())) {
            if (experiments.artifact(e.id(), ExperimentStore.MODEL_ONNX).isEmpty()) {
                quantization(e, experiments);
                if (!(e.config() instanceof ExperimentConfig.Ptq)) {
                    stored(e, "parameters", experiments.parameters(e.id()).orElse(null));
                }
            }
        } else {
            throw new InvalidInputException("experiment", "experiment " + e.id() + " is a " + e.kind().apiName()
                    + " comparison and keeps no model of its own; submit one of its settings as a single"
                    + " quantization (ptq) instead");
        }
    }

    /** @throws InvalidInputException (field "experiment") when the experiment keeps no model to run */
    static Result of(Experiment e, ExperimentStore experiments, Datasets datasets) {
        long start = System.nanoTime();
        Dataset hidden = datasets.get(e.config().dataset()).hiddenSplit();
        requireRunnable(e, experiments);
        boolean deployed = !simulates(e.config()) || experiments.artifact(e.id(), ExperimentStore.MODEL_ONNX).isPresent();
        double accuracy = accuracy(e, experiments, datasets, hidden);
        return new Result(accuracy, deployed ? ONNX_RUNTIME : SIMULATED, (System.nanoTime() - start) / 1e6);
    }

    /** The experiment's model's top-1 percent on {@code split} (the hidden one, or the visible test images in a test). */
    static double accuracy(Experiment e, ExperimentStore experiments, Datasets datasets, Dataset split) {
        if (e.config() instanceof ExperimentConfig.Training t) {
            ModelSpec spec = Trainer.modelSpec(t.train(), split);
            TrainedParameters parameters = TrainedParameters.load(spec, stored(e, "parameters",
                    experiments.parameters(e.id()).orElse(null)));
            return deployed(Fp32Export.write(spec, parameters, InputNormalization.of(split)), split);
        }
        byte[] onnx = experiments.artifact(e.id(), ExperimentStore.MODEL_ONNX).orElse(null);
        return onnx != null ? deployed(onnx, split) : simulated(e, experiments, datasets, split);
    }

    /** A PTQ, QAT or mixed-precision result: a quantized model of its own, deployed or simulated. */
    private static boolean simulates(ExperimentConfig config) {
        return config instanceof ExperimentConfig.Ptq || config instanceof ExperimentConfig.Qat
                || config instanceof ExperimentConfig.MixedPrecision;
    }

    private static double deployed(byte[] onnx, Dataset split) {
        try (DeployedModel model = DeployedModel.load(onnx)) {
            return model.accuracy(InputNormalization.scaledTestImages(split, 0, split.testSize()), split.testLabels());
        }
    }

    private static double simulated(Experiment e, ExperimentStore experiments, Datasets datasets, Dataset split) {
        ParentTraining parent = ParentTraining.of(e, experiments, datasets);
        ModelQuantization quantization = quantization(e, experiments);
        TrainedParameters parameters = e.config() instanceof ExperimentConfig.Ptq ? parent.parameters()
                : TrainedParameters.load(parent.spec(), stored(e, "parameters", experiments.parameters(e.id()).orElse(null)));
        try (FakeQuantizedNetwork network = new FakeQuantizedNetwork(parent.spec(), parameters, quantization)) {
            return network.testAccuracy(split, split.testSize());
        }
    }

    /**
     * The stored grids; a static quantization that rounds activations must have stored theirs (QAT
     * results finished before they were stored have none: their simulated model cannot be rebuilt).
     */
    private static ModelQuantization quantization(Experiment e, ExperimentStore experiments) {
        ModelQuantization quantization = StoredQuantization.read(stored(e, ExperimentStore.QUANTIZATION_JSON,
                experiments.artifact(e.id(), ExperimentStore.QUANTIZATION_JSON).orElse(null)));
        if (quantization.mode() == ModelQuantization.Mode.STATIC && quantization.activations().isEmpty()
                && roundsActivations(e.config())) {
            throw new InvalidInputException("experiment", "experiment " + e.id() + " stored no activation grids, so"
                    + " its simulated model cannot be run again (it finished before they were stored); run it again"
                    + " and submit the new result, or submit an 8-bit (deployed) or PTQ result");
        }
        return quantization;
    }

    /** Whether the simulated model rounds activations: a static PTQ always, a QAT unless they stay FP32. */
    private static boolean roundsActivations(ExperimentConfig config) {
        if (config instanceof ExperimentConfig.Qat q) {
            return q.qat().quantizesActivations();
        }
        if (config instanceof ExperimentConfig.MixedPrecision m) {
            return m.mixed().qat().quantizesActivations();
        }
        return true;
    }

    private static byte[] stored(Experiment e, String file, byte[] content) {
        if (content == null) {
            throw new InvalidInputException("experiment", "experiment " + e.id() + " has no stored " + file
                    + " to evaluate");
        }
        return content;
    }
}
