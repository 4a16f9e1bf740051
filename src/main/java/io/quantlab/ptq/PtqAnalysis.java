package io.quantlab.ptq;

import io.quantlab.data.Dataset;
import io.quantlab.deploy.DeployPlan;
import io.quantlab.deploy.ModelQuantization;
import io.quantlab.deploy.StepWeights;
import io.quantlab.deploy.TrainedParameters;
import io.quantlab.deploy.WeightQuantization;
import io.quantlab.model.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the PTQ result page shows beyond accuracy, latency and size, computed once by the job:
 * every quantized layer's error ({@link LayerError}) and weight histograms FP32 against
 * quantized ({@link WeightHistogram}), the layer sensitivity ranking ({@link LayerSensitivity})
 * and the microcontroller estimate ({@link McuEstimate}). Layers are the deployed plan's Conv2d
 * and Linear steps the quantization quantizes, in graph order; {@code seconds} is the time taken.
 */
public record PtqAnalysis(List<LayerError> layerErrors, List<WeightHistogram> weightHistograms,
                          LayerSensitivity sensitivity, McuEstimate mcu, double seconds) {

    /** Test images of the output SQNR. */
    public static final int ERROR_IMAGES = 256;
    /**
     * Test images of the layer sensitivity: one image is 0.2 point of accuracy, and the changed
     * predictions still order layers whose drops round to zero. 1000 would nearly double the
     * analysis's time (bench/ptq/README.md), the part of the PTQ job's 5 s it must stay well under.
     */
    public static final int SENSITIVITY_IMAGES = 500;

    public PtqAnalysis {
        layerErrors = List.copyOf(layerErrors);
        weightHistograms = List.copyOf(weightHistograms);
    }

    /** The analysis on {@value #ERROR_IMAGES} and {@value #SENSITIVITY_IMAGES} test images. */
    public static PtqAnalysis run(ModelSpec spec, TrainedParameters fp32, ModelQuantization quantization, Dataset data,
                                  PtqConfig config) {
        return run(spec, fp32, quantization, data, config, ERROR_IMAGES, SENSITIVITY_IMAGES);
    }

    /** Image counts are capped at the test set's size. */
    public static PtqAnalysis run(ModelSpec spec, TrainedParameters fp32, ModelQuantization quantization, Dataset data,
                                  PtqConfig config, int errorImages, int sensitivityImages) {
        long start = System.nanoTime();
        if (config.foldBatchNorm() != quantization.foldBatchNorm()) {
            throw new IllegalArgumentException("config has foldBatchNorm=" + config.foldBatchNorm()
                    + ", the quantization " + quantization.foldBatchNorm());
        }
        int tests = data.testLabels().length;
        DeployPlan plan = DeployPlan.of(spec, quantization.foldBatchNorm());
        List<DeployPlan.Step> layers = plan.weightedSteps().stream()
                .filter(step -> quantization.weights().containsKey(step.name())).toList();
        List<LayerError> errors = new ArrayList<>();
        LayerSensitivity sensitivity;
        try (DjlNetwork network = new DjlNetwork(spec, fp32);
             FakeQuantizedNetwork simulated = new FakeQuantizedNetwork(network, fp32, quantization)) {
            Map<String, Double> sqnr = OutputSqnr.measure(network, simulated,
                    layers.stream().map(DeployPlan.Step::output).toList(), data, Math.min(errorImages, tests));
            for (DeployPlan.Step step : layers) {
                StepWeights weights = StepWeights.of(step, fp32);
                WeightQuantization grid = quantization.weights().get(step.name());
                errors.add(LayerError.of(step.name(), step.op().kind(), weights, grid, sqnr.get(step.output())));
            }
            sensitivity = LayerSensitivity.measure(network, fp32, quantization, data, Math.min(sensitivityImages, tests));
        }
        return new PtqAnalysis(errors, WeightHistogram.ofQuantizedLayers(spec, fp32, quantization), sensitivity, McuEstimate.of(spec, config),
                (System.nanoTime() - start) / 1e9);
    }
}
