package io.quantlab.ptq;

import io.quantlab.data.Dataset;
import io.quantlab.data.Subsets;
import io.quantlab.deploy.DeployPlan;
import io.quantlab.deploy.ModelQuantization;
import io.quantlab.deploy.StepWeights;
import io.quantlab.deploy.TrainedParameters;
import io.quantlab.deploy.WeightQuantization;
import io.quantlab.model.ModelSpec;
import io.quantlab.model.Node;
import io.quantlab.quant.ClipRange;
import io.quantlab.quant.MinMaxObserver;
import io.quantlab.quant.Observer;
import io.quantlab.quant.QuantFormat;
import io.quantlab.quant.QuantParams;
import io.quantlab.quant.Quantizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * PTQ calibration (PyTorch's prepare + calibrate + the parameter half of convert): min-max
 * observers on each layer's weights, as the deployed plan uses them (BatchNorm folded in when
 * asked), and in static mode the configured observer on every tensor
 * {@link DeployPlan#quantizedTensors()} names, fed by the FP32 network on a class-balanced,
 * seeded subset of the training images.
 */
public final class Calibration {

    /** The quantization, the activations' table (empty unless static) and the seconds it took. */
    public record Result(ModelQuantization quantization, List<TensorCalibration> tensors, double seconds) {
        public Result {
            tensors = List.copyOf(tensors);
        }

        /**
         * A quantization found by training instead of calibration (QAT: observed, learned or clipped
         * while fine-tuning), its activation grids as the table's rows in the plan's order, so that
         * {@code quantization.json} holds every grid the simulated model rounds with. No values were
         * counted: each grid's own range [(qmin − z)·s, (qmax − z)·s] stands for the values seen and
         * the range chosen, and nothing is counted as clipped.
         */
        public static Result trained(ModelSpec spec, ModelQuantization quantization) {
            List<TensorCalibration> rows = new ArrayList<>();
            for (String tensor : DeployPlan.of(spec, quantization.foldBatchNorm()).quantizedTensors()) {
                QuantParams grid = quantization.activations().get(tensor);
                if (grid != null) {
                    ClipRange range = new ClipRange((grid.qmin() - grid.zeroPoint()) * grid.scale(),
                            (grid.qmax() - grid.zeroPoint()) * grid.scale());
                    rows.add(new TensorCalibration(tensor, range.min(), range.max(), range, grid, 0));
                }
            }
            return new Result(quantization, rows, 0);
        }
    }

    private Calibration() {}

    public static Result run(ModelSpec spec, TrainedParameters parameters, Dataset data, PtqConfig config) {
        long start = System.nanoTime();
        DeployPlan plan = DeployPlan.of(spec, config.foldBatchNorm());
        Map<String, WeightQuantization> weights = weights(plan, parameters, config);
        ModelQuantization quantization;
        List<TensorCalibration> table = List.of();
        if (config.mode() == ModelQuantization.Mode.STATIC) {
            table = activations(plan, parameters, data, config);
            Map<String, QuantParams> activations = new HashMap<>();
            table.forEach(row -> activations.put(row.tensor(), row.params()));
            quantization = new ModelQuantization(config.foldBatchNorm(), weights, activations);
        } else {
            quantization = new ModelQuantization(config.mode(), config.foldBatchNorm(), weights, Map.of());
        }
        return new Result(quantization, table, (System.nanoTime() - start) / 1e9);
    }

    /** Training images of the calibration subset: {@code batches} × {@value PtqConfig#BATCH}, every class alike. */
    static int[] calibrationImages(Dataset data, int batches, long seed) {
        return Subsets.classBalanced(data.trainLabels(), data.classes(), batches * PtqConfig.BATCH, seed);
    }

    /** Every weighted step's grid; in dynamic mode the Linear steps' only (PyTorch's quantize_dynamic). */
    public static Map<String, WeightQuantization> weights(DeployPlan plan, TrainedParameters parameters, PtqConfig config) {
        QuantFormat format = config.weightFormat();
        boolean perChannel = config.granularity() == PtqConfig.Granularity.PER_CHANNEL;
        Map<String, WeightQuantization> weights = new HashMap<>();
        for (DeployPlan.Step step : plan.weightedSteps()) {
            if (config.mode() == ModelQuantization.Mode.DYNAMIC && !(step.op() instanceof Node.Linear)) {
                continue;
            }
            StepWeights w = StepWeights.of(step, parameters);
            MinMaxObserver observer = perChannel ? MinMaxObserver.perChannel(w.outputChannelAxis())
                    : MinMaxObserver.perTensor();
            observer.observe(w.weight());
            weights.put(step.name(), perChannel ? WeightQuantization.of(observer.perChannelParams(format))
                    : WeightQuantization.of(observer.params(format)));
        }
        return weights;
    }

    /** The FP32 values of {@code tensors} for every calibration batch of {@code images}. */
    private static void forEachBatch(DjlNetwork network, Dataset data, int[] images, List<String> tensors,
                                     BiConsumer<String, float[]> consumer) {
        int size = data.imageSize();
        for (int from = 0; from < images.length; from += PtqConfig.BATCH) {
            int count = Math.min(PtqConfig.BATCH, images.length - from);
            float[] batch = new float[count * size];
            for (int i = 0; i < count; i++) {
                data.normalizedTrainImage(images[from + i], batch, i * size);
            }
            network.values(batch, count, tensors).forEach(consumer);
        }
    }

    private static List<TensorCalibration> activations(DeployPlan plan, TrainedParameters parameters, Dataset data,
                                                       PtqConfig config) {
        List<String> tensors = plan.quantizedTensors();
        QuantFormat format = config.activationFormat();
        Map<String, Observer> chosen = new LinkedHashMap<>();
        Map<String, MinMaxObserver> extremes = new HashMap<>();
        for (String tensor : tensors) {
            chosen.put(tensor, config.activationRange().observer(format, config.percentile()));
            extremes.put(tensor, MinMaxObserver.perTensor());
        }
        int[] images = calibrationImages(data, config.calibrationBatches(), config.seed());
        List<TensorCalibration> table = new ArrayList<>();
        try (DjlNetwork network = new DjlNetwork(plan.spec(), parameters)) {
            forEachBatch(network, data, images, tensors, (tensor, values) -> {
                chosen.get(tensor).observe(values);
                extremes.get(tensor).observe(values);
            });
            Map<String, ClipRange> ranges = new HashMap<>();
            Map<String, QuantParams> params = new HashMap<>();
            for (String tensor : tensors) {
                ranges.put(tensor, chosen.get(tensor).range());
                params.put(tensor, QuantParams.fromRange(ranges.get(tensor), format));
            }
            // min-max keeps every observed value inside the grid; the other ranges clip, so count what they clip
            Map<String, long[]> clipped = new HashMap<>();
            tensors.forEach(tensor -> clipped.put(tensor, new long[2]));
            if (config.activationRange() != PtqConfig.ActivationRange.MINMAX) {
                forEachBatch(network, data, images, tensors, (tensor, values) -> {
                    clipped.get(tensor)[0] += Quantizer.clippedCount(values, params.get(tensor));
                    clipped.get(tensor)[1] += values.length;
                });
            }
            for (String tensor : tensors) {
                ClipRange seen = extremes.get(tensor).range();
                long[] counts = clipped.get(tensor);
                table.add(new TensorCalibration(tensor, seen.min(), seen.max(), ranges.get(tensor),
                        params.get(tensor), counts[1] == 0 ? 0 : (double) counts[0] / counts[1]));
            }
        }
        return table;
    }
}
