package io.quantlab.ptq;

import io.quantlab.deploy.DeployPlan;
import io.quantlab.deploy.ModelQuantization;
import io.quantlab.deploy.StepWeights;
import io.quantlab.deploy.TrainedParameters;
import io.quantlab.deploy.WeightQuantization;
import io.quantlab.model.ModelSpec;
import io.quantlab.train.Histogram;
import java.util.ArrayList;
import java.util.List;

/**
 * One layer's weights before and after quantization, counted in the same {@link #BINS} bins
 * spanning the FP32 weights' range, so a page can overlay the two: the quantized weights pile up
 * on the grid's few levels. A quantized weight just outside the FP32 range (a symmetric grid's
 * lowest level reaches max|w|·128/127.5) is counted in the end bin.
 */
public record WeightHistogram(String layer, Histogram fp32, Histogram quantized) {

    public static final int BINS = 64;

    /**
     * Each quantized Conv2d's and Linear's weights of {@code parameters} (BatchNorm folded in where
     * {@code quantization} folds it) against the same weights on its grid, in graph order.
     */
    public static List<WeightHistogram> ofQuantizedLayers(ModelSpec spec, TrainedParameters parameters,
                                                         ModelQuantization quantization) {
        List<WeightHistogram> histograms = new ArrayList<>();
        for (DeployPlan.Step step : DeployPlan.of(spec, quantization.foldBatchNorm()).weightedSteps()) {
            WeightQuantization grid = quantization.weights().get(step.name());
            if (grid != null) {
                StepWeights weights = StepWeights.of(step, parameters);
                histograms.add(of(step.name(), weights.weight(), FakeQuantizedNetwork.fakeQuantize(weights, grid),
                        BINS));
            }
        }
        return histograms;
    }

    public static WeightHistogram of(String layer, float[] fp32, float[] quantized, int bins) {
        Histogram.Range range = new Histogram.Range();
        range.add(fp32);
        if (range.isEmpty()) {
            throw new IllegalArgumentException("layer " + layer + " has no finite weights");
        }
        Histogram.Counter before = new Histogram.Counter(range.min(), range.max(), bins);
        before.add(fp32);
        Histogram.Counter after = new Histogram.Counter(range.min(), range.max(), bins);
        after.add(quantized);
        return new WeightHistogram(layer, before.histogram(), after.histogram());
    }
}
