package io.quantlab.mixed;

import io.quantlab.deploy.DeployPlan;
import io.quantlab.deploy.StepWeights;
import io.quantlab.deploy.TrainedParameters;
import io.quantlab.model.ModelSpec;
import io.quantlab.ptq.PtqConfig;
import io.quantlab.ptq.PtqPipeline;
import io.quantlab.qat.QatConfig;
import io.quantlab.quant.QuantFormat;
import io.quantlab.quant.QuantScheme;
import io.quantlab.quant.TensorSize;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A model's packed size by the width of each layer's weights, counted as {@link PtqPipeline}'s
 * packed model bytes: every Conv2d and Linear of the deployed plan (BatchNorm folded, as QAT
 * trains and deploys it) with its weights packed at their bits and one float32 scale per output
 * channel or per tensor (and a zero-point when asymmetric), plus {@code fixedBytes}, what no width changes
 * (biases as int32, anything left in float32). {@code fp32Bytes} is the unfolded model's
 * parameters in float32.
 */
public record PackedModelSizes(List<LayerWeights> layers, long fixedBytes, long fp32Bytes) {

    /** One quantized layer: its weight count, how many scales its grid has, and the grid's scheme. */
    public record LayerWeights(String name, long weights, int scales, QuantScheme scheme) {
        /** Packed weights, scales and zero-points at {@code bits}. */
        public long bytes(int bits) {
            return TensorSize.of(weights, QuantFormat.of(bits, scheme), scales).totalBytes();
        }
    }

    public PackedModelSizes {
        layers = List.copyOf(layers);
    }

    /** The sizes with {@code qat}'s weight granularity and scheme. */
    public static PackedModelSizes of(ModelSpec spec, TrainedParameters parameters, QatConfig qat) {
        DeployPlan plan = DeployPlan.of(spec, true);
        QuantScheme scheme = qat.weightFormat().scheme();
        List<LayerWeights> layers = plan.weightedSteps().stream().map(step -> {
            StepWeights w = StepWeights.of(step, parameters);
            return new LayerWeights(step.name(), w.weight().length,
                    qat.granularity() == PtqConfig.Granularity.PER_CHANNEL ? w.outputChannels() : 1, scheme);
        }).toList();
        Set<String> names = layers.stream().map(LayerWeights::name).collect(Collectors.toSet());
        return new PackedModelSizes(layers, PtqPipeline.unquantizedBytes(plan, parameters, names),
                PtqPipeline.unquantizedBytes(DeployPlan.of(spec, false), parameters, Set.of()));
    }

    /** The packed model with each layer at its width in {@code bits}. */
    public long sizeBytes(Map<String, Integer> bits) {
        return fixedBytes + layers.stream().mapToLong(l -> l.bytes(bits.get(l.name()))).sum();
    }

    /** The packed model with every layer at {@code bits}. */
    public long uniformSizeBytes(int bits) {
        return fixedBytes + layers.stream().mapToLong(l -> l.bytes(bits)).sum();
    }
}
