package io.quantlab.mixed;

import io.quantlab.InvalidInputException;
import io.quantlab.data.Dataset;
import io.quantlab.deploy.DeployPlan;
import io.quantlab.deploy.ModelQuantization;
import io.quantlab.deploy.TrainedParameters;
import io.quantlab.deploy.WeightQuantization;
import io.quantlab.model.ModelSpec;
import io.quantlab.ptq.Calibration;
import io.quantlab.ptq.LayerSensitivity;
import io.quantlab.ptq.PtqAnalysis;
import io.quantlab.ptq.PtqConfig;
import io.quantlab.ptq.PtqListener;
import io.quantlab.ptq.PtqPipeline;
import io.quantlab.ptq.PtqStoppedException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses each layer's weight width for a size budget before fine-tuning: calibrates the FP32
 * model once (the activations' grids, as static PTQ), measures every layer's sensitivity at every
 * candidate width with Lab 3's {@link LayerSensitivity} (that layer alone quantized, on the first
 * {@value PtqAnalysis#SENSITIVITY_IMAGES} test images), and runs the {@link GreedyBitSearch} on
 * those drops and the layers' packed sizes ({@link PackedModelSizes}).
 */
public final class MixedPrecisionSearch {
    public static final String SEARCHING = "searching";
    /** The phase of the sensitivity at {@code bits}: "sensitivity W4". */
    public static String sensitivityPhase(int bits) {
        return "sensitivity W" + bits;
    }

    /** Phases {@link #run} reports: calibrating, one sensitivity per candidate width, searching. */
    public static int phases(MixedPrecisionConfig config) {
        return 2 + config.candidateBits().size();
    }

    /**
     * What the search found.
     *
     * @param layers   each quantized layer in graph order with its options: bits, packed bytes, accuracy drop
     *                 and changed predictions with that layer alone at that width
     * @param images   test images the sensitivity was measured on
     * @param chosen   the PTQ quantization at the chosen widths, to measure the accuracy before fine-tuning
     */
    public record Outcome(PackedModelSizes sizes, List<GreedyBitSearch.Layer> layers, GreedyBitSearch.Result search,
                          int images, ModelQuantization chosen, double seconds) {}

    private MixedPrecisionSearch() {}

    /**
     * @throws InvalidInputException (sizeBudgetBytes) when the budget is below the smallest reachable size
     * @throws PtqStoppedException when the listener asks to stop (polled between phases)
     */
    public static Outcome run(ModelSpec spec, TrainedParameters parameters, Dataset data, MixedPrecisionConfig config,
                              PtqListener listener) {
        long start = System.nanoTime();
        PackedModelSizes sizes = PackedModelSizes.of(spec, parameters, config.qat());
        requireReachable(config, sizes);
        begin(listener, PtqPipeline.CALIBRATING);
        Calibration.Result calibrated = Calibration.run(spec, parameters, data, config.qat().weightGrids());
        DeployPlan plan = DeployPlan.of(spec, true);
        Map<Integer, Map<String, WeightQuantization>> weightsAt = new HashMap<>();
        Map<Integer, Map<String, LayerSensitivity.Layer>> sensitivityAt = new HashMap<>();
        LayerSensitivity last = null;
        for (int bits : config.candidateBits()) {
            begin(listener, sensitivityPhase(bits));
            Map<String, WeightQuantization> weights = Calibration.weights(plan, parameters,
                    config.qatAt(bits).weightGrids());
            weightsAt.put(bits, weights);
            last = LayerSensitivity.measure(spec, parameters, new ModelQuantization(true, weights,
                    calibrated.quantization().activations()), data, PtqAnalysis.SENSITIVITY_IMAGES);
            Map<String, LayerSensitivity.Layer> byName = new HashMap<>();
            last.layers().forEach(l -> byName.put(l.layer(), l));
            sensitivityAt.put(bits, byName);
        }
        begin(listener, SEARCHING);
        List<GreedyBitSearch.Layer> layers = new ArrayList<>();
        for (PackedModelSizes.LayerWeights layer : sizes.layers()) {
            List<GreedyBitSearch.Option> options = new ArrayList<>();
            for (int bits : config.candidateBits()) {
                LayerSensitivity.Layer measured = sensitivityAt.get(bits).get(layer.name());
                options.add(new GreedyBitSearch.Option(bits, layer.bytes(bits), measured.accuracyDrop(),
                        measured.changedPredictions()));
            }
            layers.add(new GreedyBitSearch.Layer(layer.name(), options));
        }
        GreedyBitSearch.Result result = GreedyBitSearch.search(layers, sizes.fixedBytes(), config.sizeBudgetBytes());
        Map<String, WeightQuantization> chosen = new LinkedHashMap<>();
        result.bits().forEach((layer, bits) -> chosen.put(layer, weightsAt.get(bits).get(layer)));
        return new Outcome(sizes, layers, result, last.images(),
                new ModelQuantization(true, chosen, calibrated.quantization().activations()),
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * @throws InvalidInputException (sizeBudgetBytes) naming the smallest size reachable, every layer
     *     at the narrowest candidate
     */
    public static void requireReachable(MixedPrecisionConfig config, PackedModelSizes sizes) {
        long smallest = sizes.uniformSizeBytes(config.narrowestBits());
        if (config.sizeBudgetBytes() < smallest) {
            throw new InvalidInputException("sizeBudgetBytes", "sizeBudgetBytes " + config.sizeBudgetBytes()
                    + " cannot be met: the smallest this model packs to is " + smallest + " bytes, every layer at "
                    + config.narrowestBits() + " bits (biases and float parameters included)");
        }
    }

    private static void begin(PtqListener listener, String phase) {
        if (listener.stopRequested()) {
            throw new PtqStoppedException();
        }
        listener.phase(phase);
    }
}
