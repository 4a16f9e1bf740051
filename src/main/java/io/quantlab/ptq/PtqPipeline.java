package io.quantlab.ptq;

import io.quantlab.data.Dataset;
import io.quantlab.deploy.DeployPlan;
import io.quantlab.deploy.DeployedModel;
import io.quantlab.deploy.DynamicExport;
import io.quantlab.deploy.Fp32Export;
import io.quantlab.deploy.InputNormalization;
import io.quantlab.deploy.IntegerKernelCheck;
import io.quantlab.deploy.ModelQuantization;
import io.quantlab.deploy.QdqExport;
import io.quantlab.deploy.StepWeights;
import io.quantlab.deploy.TrainedParameters;
import io.quantlab.deploy.WeightQuantization;
import io.quantlab.model.ModelSpec;
import io.quantlab.model.Node;
import io.quantlab.quant.QuantFormat;
import io.quantlab.quant.QuantScheme;
import io.quantlab.quant.TensorSize;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * One post-training quantization of a trained model, end to end: calibrate, convert (the grids
 * and the packed size), export the INT8 ONNX file, evaluate the simulated (fake-quantized, DJL)
 * and the deployed (ONNX Runtime) model on the visible test images, and measure the deployed latency
 * and kernels. The FP32 parent is exported and measured by {@link #fp32} once, however many
 * settings are quantized. Settings with activations below 8 bits only simulate: no INT8 file.
 * {@link #analyse} adds the result page's per-layer analysis of one setting.
 */
public final class PtqPipeline {
    public static final String CALIBRATING = "calibrating";
    public static final String CONVERTING = "converting";
    public static final String EXPORTING = "exporting";
    public static final String EVALUATING = "evaluating";
    public static final String MEASURING = "measuring";
    public static final String ANALYSING = "analysing";
    /** Phases {@link #fp32} reports: exporting, measuring. */
    public static final int FP32_PHASES = 2;
    /** Phases {@link #evaluate} reports: converting, exporting, evaluating, measuring. */
    public static final int EVALUATION_PHASES = 4;
    /** Phases {@link #quantize} reports: calibrating, converting, exporting, evaluating, measuring. */
    public static final int QUANTIZATION_PHASES = 1 + EVALUATION_PHASES;
    /** Phases {@link #analyse} reports: analysing. */
    public static final int ANALYSIS_PHASES = 1;
    /** Test images per forward pass, simulated or deployed; the stop signal is polled between them. */
    private static final int EVAL_BATCH = 256;

    private final ModelSpec spec;
    private final TrainedParameters parameters;
    private final Dataset data;
    private final InputNormalization normalization;
    private float[] scaledTestImages;

    public PtqPipeline(ModelSpec spec, TrainedParameters parameters, Dataset data) {
        this.spec = spec;
        this.parameters = parameters;
        this.data = data;
        this.normalization = InputNormalization.of(data);
    }

    /** The parent as exported to ONNX and run in ONNX Runtime: accuracy on the test set and latency. */
    public record Fp32(byte[] onnx, double accuracy, DeployedModel.Latencies latencies) {}

    /** The quantized model as deployed in ONNX Runtime. */
    public record Deployed(byte[] onnx, double accuracy, double top1Agreement, DeployedModel.Latencies latencies,
                           IntegerKernelCheck kernels) {}

    /**
     * One setting's result.
     *
     * @param deployed          null when the setting only simulates
     * @param packedWeightBytes the quantized weights at their bit width, scales and zero-points included
     * @param packedModelBytes  the whole model so packed: quantized weights, int32 biases and the FP32
     *                          parameters of what stays in float
     * @param seconds           wall-clock time of {@link #quantize}
     */
    public record Result(PtqConfig config, Calibration.Result calibration, QuantizationTable table,
                         double simulatedAccuracy, Deployed deployed, long packedWeightBytes, long packedModelBytes,
                         double seconds) {

        /** The INT8 ONNX file's size, or when there is none the bit-packed model's. */
        public long sizeBytes() {
            return deployed == null ? packedModelBytes : deployed.onnx().length;
        }
    }

    public Fp32 fp32(PtqListener listener) {
        begin(listener, EXPORTING);
        byte[] onnx = Fp32Export.write(spec, parameters, normalization);
        begin(listener, MEASURING);
        try (DeployedModel model = DeployedModel.load(onnx)) {
            double accuracy = accuracy(predictDeployed(model, listener));
            return new Fp32(onnx, accuracy, model.latencies(scaledTestImages()));
        }
    }

    public Result quantize(PtqConfig config, PtqListener listener) {
        return quantize(config, true, listener);
    }

    /**
     * As {@link #quantize}; with {@code deploy} false, only simulated even where the setting could
     * deploy (a sweep's points below 8 bits, whose int4 weights ONNX Runtime stores but does not run faster).
     */
    public Result quantize(PtqConfig config, boolean deploy, PtqListener listener) {
        long start = System.nanoTime();
        begin(listener, CALIBRATING);
        return evaluate(config, Calibration.run(spec, parameters, data, config),
                new EvaluationOptions(Set.of(), deploy), listener, start);
    }

    /**
     * How {@link #evaluate} treats a quantization found otherwise than by calibrating.
     *
     * @param binaryLayers layers holding binary weights (sign·α, no grid), packed at 1 bit with one
     *                     float α per output channel
     * @param mayDeploy    false to only simulate even where the config's bits alone would deploy (a
     *                     QAT whose own rule says it does not deploy, a sweep's points below 8 bits)
     */
    public record EvaluationOptions(Set<String> binaryLayers, boolean mayDeploy) {
        public EvaluationOptions {
            binaryLayers = Set.copyOf(binaryLayers);
        }
    }

    /**
     * The steps of {@link #quantize} after calibrating, for a quantization of this pipeline's
     * parameters found otherwise (quantization-aware training): convert, export, evaluate, measure.
     * {@code config} gives the weights' scheme and whether the setting may deploy; it deploys when
     * {@code options} allow it and the quantization also covers every layer and tensor at 8 bits.
     */
    public Result evaluate(PtqConfig config, Calibration.Result calibration, EvaluationOptions options,
                           PtqListener listener) {
        return evaluate(config, calibration, options, listener, System.nanoTime());
    }

    /** Top-1 percent of the fake-quantized model on the whole test set: {@link #evaluate}'s simulation alone. */
    public double simulatedAccuracy(ModelQuantization quantization, PtqListener listener) {
        return accuracy(predictSimulated(quantization, listener));
    }

    private Result evaluate(PtqConfig config, Calibration.Result calibration, EvaluationOptions options,
                            PtqListener listener, long start) {
        ModelQuantization quantization = calibration.quantization();
        Set<String> binaryLayers = options.binaryLayers();
        begin(listener, CONVERTING);
        QuantizationTable table = QuantizationTable.of(spec, parameters, calibration);
        DeployPlan plan = DeployPlan.of(spec, quantization.foldBatchNorm());
        long packedWeights = packedWeightBytes(plan, quantization, config, binaryLayers);
        long packedModel = packedModelBytes(plan, quantization, config, binaryLayers);
        begin(listener, EXPORTING);
        byte[] onnx = options.mayDeploy() && deploys(config) && quantization.isComplete(plan)
                ? export(quantization) : null;
        begin(listener, EVALUATING);
        int[] simulated = predictSimulated(quantization, listener);
        Deployed deployed = null;
        if (onnx != null) {
            try (DeployedModel model = DeployedModel.load(onnx)) {
                int[] predicted = predictDeployed(model, listener);
                begin(listener, MEASURING);
                deployed = new Deployed(onnx, accuracy(predicted), agreement(simulated, predicted),
                        model.latencies(scaledTestImages()), IntegerKernelCheck.of(onnx));
            }
        } else {
            begin(listener, MEASURING); // nothing deployed to time
        }
        return new Result(config, calibration, table, accuracy(simulated), deployed, packedWeights, packedModel,
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * The result page's analysis of one setting (per-layer errors, weight histograms, layer
     * sensitivity, MCU estimate). It runs as one phase of well under a second, so the stop
     * signal is polled before and after it rather than inside.
     */
    public PtqAnalysis analyse(Result result, PtqListener listener) {
        begin(listener, ANALYSING);
        PtqAnalysis analysis = PtqAnalysis.run(spec, parameters, result.calibration().quantization(), data,
                result.config());
        stopIfAsked(listener);
        return analysis;
    }

    /** Static quantization deploys only with 8-bit activations; weight-only and dynamic always do. */
    public static boolean deploys(PtqConfig config) {
        return config.mode() != ModelQuantization.Mode.STATIC || config.activationBits() == 8;
    }

    private byte[] export(ModelQuantization quantization) {
        return quantization.mode() == ModelQuantization.Mode.DYNAMIC
                ? DynamicExport.write(spec, parameters, normalization, quantization)
                : QdqExport.write(spec, parameters, normalization, quantization);
    }

    private static void begin(PtqListener listener, String phase) {
        stopIfAsked(listener);
        listener.phase(phase);
    }

    private static void stopIfAsked(PtqListener listener) {
        if (listener.stopRequested()) {
            throw new PtqStoppedException();
        }
    }

    private float[] scaledTestImages() {
        if (scaledTestImages == null) {
            scaledTestImages = InputNormalization.scaledTestImages(data, 0, data.testSize());
        }
        return scaledTestImages;
    }

    /** Top-1 classes of the fake-quantized model on the visible test images (Dataset: the hidden ones are for grading). */
    private int[] predictSimulated(ModelQuantization quantization, PtqListener listener) {
        int size = data.imageSize();
        int[] classes = new int[data.testSize()];
        try (FakeQuantizedNetwork network = new FakeQuantizedNetwork(spec, parameters, quantization)) {
            for (int from = 0; from < classes.length; from += EVAL_BATCH) {
                stopIfAsked(listener);
                int n = Math.min(EVAL_BATCH, classes.length - from);
                float[] images = new float[n * size];
                for (int i = 0; i < n; i++) {
                    data.normalizedTestImage(from + i, images, i * size);
                }
                float[][] logits = network.outputs(images, n)[0];
                for (int i = 0; i < n; i++) {
                    classes[from + i] = DeployedModel.argmax(logits[i]);
                }
            }
        }
        return classes;
    }

    /** Top-1 classes of an ONNX file in ONNX Runtime on the visible test images (Dataset: the hidden ones are for grading). */
    private int[] predictDeployed(DeployedModel model, PtqListener listener) {
        float[] images = scaledTestImages();
        int size = data.imageSize();
        int[] classes = new int[data.testSize()];
        for (int from = 0; from < classes.length; from += EVAL_BATCH) {
            stopIfAsked(listener);
            int n = Math.min(EVAL_BATCH, classes.length - from);
            int[] batch = model.predict(Arrays.copyOfRange(images, from * size, (from + n) * size), n);
            System.arraycopy(batch, 0, classes, from, n);
        }
        return classes;
    }

    private double accuracy(int[] predicted) {
        int[] labels = data.testLabels();
        long correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            correct += predicted[i] == labels[i] ? 1 : 0;
        }
        return predicted.length == 0 ? 0 : 100.0 * correct / predicted.length;
    }

    /** Percent of images on which both give the same top-1 class. */
    static double agreement(int[] a, int[] b) {
        long same = 0;
        for (int i = 0; i < a.length; i++) {
            same += a[i] == b[i] ? 1 : 0;
        }
        return a.length == 0 ? 100 : 100.0 * same / a.length;
    }

    /**
     * Each quantized layer's weights at its own grid's bits (mixed precision), scales and
     * zero-points included; a binary layer's at 1 bit with one float32 α per output channel.
     */
    private long packedWeightBytes(DeployPlan plan, ModelQuantization quantization, PtqConfig config,
                                   Set<String> binaryLayers) {
        long bytes = 0;
        for (DeployPlan.Step step : plan.weightedSteps()) {
            WeightQuantization w = quantization.weights().get(step.name());
            long count = parameters.get(step.name(), "weight").length;
            if (w != null) {
                QuantFormat format = QuantFormat.of(w.bits(), config.weightFormat().scheme());
                bytes += TensorSize.of(count, format, w.scales().length).totalBytes();
            } else if (binaryLayers.contains(step.name())) {
                bytes += TensorSize.of(count, QuantFormat.of(1, QuantScheme.SYMMETRIC),
                        StepWeights.of(step, parameters).outputChannels()).totalBytes();
            }
        }
        return bytes;
    }

    /** Packed weights, biases as int32 (QDQ's bias grid) and every parameter left in float32. */
    private long packedModelBytes(DeployPlan plan, ModelQuantization quantization, PtqConfig config,
                                  Set<String> binaryLayers) {
        Set<String> packed = new HashSet<>(quantization.weights().keySet());
        packed.addAll(binaryLayers);
        return packedWeightBytes(plan, quantization, config, binaryLayers) + unquantizedBytes(plan, parameters, packed);
    }

    /**
     * The packed model's bytes that no weight width changes: biases as int32 (QDQ's bias grid), the
     * weights of the layers not in {@code quantizedLayers} and every other parameter in float32.
     */
    public static long unquantizedBytes(DeployPlan plan, TrainedParameters parameters, Set<String> quantizedLayers) {
        long floats = 0;
        for (DeployPlan.Step step : plan.steps()) {
            if (step.hasWeights()) {
                StepWeights w = StepWeights.of(step, parameters);
                floats += (w.bias() == null ? 0 : w.bias().length)
                        + (quantizedLayers.contains(step.name()) ? 0 : w.weight().length);
            } else if (step.op() instanceof Node.BatchNorm2d) {
                floats += 4L * parameters.get(step.name(), "gamma").length; // scale, shift, mean, variance
            }
        }
        return floats * Float.BYTES;
    }
}
