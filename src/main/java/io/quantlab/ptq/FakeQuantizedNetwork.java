package io.quantlab.ptq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import io.quantlab.data.Dataset;
import io.quantlab.deploy.DeployPlan;
import io.quantlab.deploy.DeployedModel;
import io.quantlab.deploy.ModelQuantization;
import io.quantlab.deploy.StepWeights;
import io.quantlab.deploy.TrainedParameters;
import io.quantlab.deploy.WeightQuantization;
import io.quantlab.model.ModelSpec;
import io.quantlab.model.Node;
import io.quantlab.quant.ClipRange;
import io.quantlab.quant.QuantFormat;
import io.quantlab.quant.QuantParams;
import io.quantlab.quant.Quantizer;
import io.quantlab.torch.TorchThread;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The simulated quantized model (fake quantization, as PyTorch's QAT modules and the course's
 * notebooks evaluate it): the deployed plan's steps run in DJL in float, on weights
 * quantized and dequantized by the {@link ModelQuantization} (BatchNorm folded in when it says
 * so) with the bias rounded to its int32 grid s_in·s_w, and, in static mode, every tensor the
 * INT8 graph quantizes is quantized and dequantized right where {@code QdqExport} puts its
 * QuantizeLinear. In dynamic mode each Linear's input is quantized per batch to uint8 from its
 * own min and max, as ONNX Runtime's DynamicQuantizeLinear does. Any bit width from the
 * quantization runs here; only 8-bit activations also deploy.
 */
public final class FakeQuantizedNetwork implements AutoCloseable {

    /** Images per forward pass when measuring accuracy. */
    static final int EVAL_BATCH = 256;

    private final DeployPlan plan;
    private final ModelQuantization quantization;
    private final DjlNetwork network;
    private final boolean ownsNetwork;
    /** Owns the weights and biases below; closed with this simulation. */
    private final NDManager parameters;
    private final Set<String> quantizedTensors;
    /** Each rounded tensor and its grid (see {@link #roundingPoints}). */
    private final Map<String, QuantParams> roundedTensors;
    /** Each weighted step's weight and bias (null when it has none) as used in every batch. */
    private final Map<String, NDArray> weights = new HashMap<>();
    private final Map<String, NDArray> biases = new HashMap<>();

    public FakeQuantizedNetwork(ModelSpec spec, TrainedParameters parameters, ModelQuantization quantization) {
        this(new DjlNetwork(spec, parameters), true, parameters, quantization);
    }

    /**
     * A simulation on {@code network}, which stays open when this one closes (one FP32 network, many
     * quantizations). Steps and tensors the quantization leaves out run in FP32.
     */
    FakeQuantizedNetwork(DjlNetwork network, TrainedParameters parameters, ModelQuantization quantization) {
        this(network, false, parameters, quantization);
    }

    private FakeQuantizedNetwork(DjlNetwork network, boolean ownsNetwork, TrainedParameters parameters,
                                 ModelQuantization quantization) {
        this.plan = DeployPlan.of(network.spec, quantization.foldBatchNorm());
        quantization.requireKnownTo(plan);
        this.quantization = quantization;
        this.network = network;
        this.ownsNetwork = ownsNetwork;
        this.quantizedTensors = quantization.mode() == ModelQuantization.Mode.STATIC
                ? new HashSet<>(plan.quantizedTensors().stream().filter(quantization.activations()::containsKey).toList())
                : Set.of();
        this.roundedTensors = roundingPoints();
        this.parameters = TorchThread.call(() -> {
            NDManager manager = network.manager().newSubManager();
            for (DeployPlan.Step step : plan.weightedSteps()) {
                StepWeights w = StepWeights.of(step, parameters);
                WeightQuantization wq = quantization.weights().get(step.name());
                weights.put(step.name(), manager.create(wq == null ? w.weight() : fakeQuantize(w, wq), new Shape(w.dims())));
                if (w.bias() != null) {
                    biases.put(step.name(), manager.create(wq == null ? w.bias() : quantizedBias(step, w, wq)));
                }
            }
            return manager;
        });
    }

    static float[] fakeQuantize(StepWeights w, WeightQuantization wq) {
        return wq.isPerChannel() ? Quantizer.fakeQuantize(w.weight(), w.outputChannelAxis(), wq.perChannel())
                : Quantizer.fakeQuantize(w.weight(), wq.perTensor());
    }

    /** Where the input is quantized, the bias is stored as int32 with scale s_in·s_w[c] and zero-point 0. */
    private float[] quantizedBias(DeployPlan.Step step, StepWeights w, WeightQuantization wq) {
        String inputGrid = quantizedTensors.isEmpty() ? null : plan.gridOf(step.inputs().get(0));
        if (inputGrid == null || !quantizedTensors.contains(inputGrid)) {
            return w.bias();
        }
        float inputScale = quantization.activations().get(inputGrid).scale();
        float[] bias = new float[w.bias().length];
        for (int c = 0; c < bias.length; c++) {
            bias[c] = Quantizer.fakeQuantize(new float[] {w.bias()[c]}, wq.biasGrid(c, inputScale))[0];
        }
        return bias;
    }

    /** Every output of the simulated model for {@code count} normalized images: [output][image][class]. */
    public float[][][] outputs(float[] normalized, int count) {
        ModelSpec spec = plan.spec();
        return TorchThread.call(() -> {
            try (NDManager scope = network.manager().newSubManager()) {
                Map<String, NDArray> values = forward(scope, network.images(scope, normalized, count));
                float[][][] out = new float[spec.outputNames().size()][count][];
                for (int o = 0; o < out.length; o++) {
                    float[] flat = values.get(spec.outputNames().get(o)).toFloatArray();
                    int classes = flat.length / count;
                    for (int n = 0; n < count; n++) {
                        out[o][n] = java.util.Arrays.copyOfRange(flat, n * classes, (n + 1) * classes);
                    }
                }
                return out;
            }
        });
    }

    /**
     * Every tensor of the simulated model for {@code images} (normalized, as {@link DjlNetwork#images}
     * lays them out), by name; {@code images} are left as they are.
     */
    Map<String, NDArray> forward(NDManager scope, NDArray images) {
        Map<String, NDArray> values = new HashMap<>();
        // rounding works in place: the caller may still read its images
        values.put(ModelSpec.INPUT, roundedTensors.containsKey(ModelSpec.INPUT)
                ? rounded(ModelSpec.INPUT, images.duplicate()) : images);
        run(scope, values, 0);
        return values;
    }

    /**
     * Runs the plan's steps from index {@code first} on, adding each one's (rounded) output to
     * {@code values}, which must hold every tensor they read that an earlier step wrote. Only the
     * new outputs are rounded in place; the tensors passed in are not changed.
     */
    void run(NDManager scope, Map<String, NDArray> values, int first) {
        for (DeployPlan.Step step : plan.steps().subList(first, plan.steps().size())) {
            values.put(step.output(), rounded(step.output(), step(scope, step, values)));
        }
    }

    private NDArray step(NDManager scope, DeployPlan.Step step, Map<String, NDArray> values) {
        NDList in = new NDList();
        step.inputs().forEach(name -> in.add(values.get(name)));
        Node op = step.op();
        NDArray result;
        if (op instanceof Node.Conv2d c) {
            result = Conv2d.conv2d(in.get(0), weights.get(step.name()), biases.get(step.name()), new Shape(c.stride(), c.stride()),
                    new Shape(c.padding(), c.padding()), new Shape(1, 1), c.groups()).singletonOrThrow();
        } else if (op instanceof Node.Linear) {
            NDArray input = quantization.mode() == ModelQuantization.Mode.DYNAMIC
                    && quantization.weights().containsKey(step.name()) ? perBatch(scope, in.get(0)) : in.get(0);
            result = Linear.linear(input, weights.get(step.name()), biases.get(step.name())).singletonOrThrow();
        } else if (op instanceof Node.Add) {
            result = in.get(0);
            for (int i = 1; i < in.size(); i++) {
                result = result.add(in.get(i));
            }
        } else {
            result = network.apply(scope, op, in);
        }
        return step.activation() == null ? result : network.apply(scope, step.activation(), new NDList(result));
    }

    /** {@code values} of {@code tensor}, quantized and dequantized where the simulation rounds it. */
    private NDArray rounded(String tensor, NDArray values) {
        QuantParams grid = roundedTensors.get(tensor);
        return grid == null ? values : fakeQuantize(values, grid);
    }

    /**
     * The tensors the simulation rounds, each with its grid: every tensor the deployed graph
     * quantizes, except that one read only by max-pools, flattens and dropouts (steps that keep
     * their input's grid) is rounded after them, on their output, instead. Rounding to a grid is
     * monotone, so it commutes with taking a maximum and with moving values: the result is the same
     * to the bit, and after a 2×2 max-pool it rounds a quarter of the values.
     */
    private Map<String, QuantParams> roundingPoints() {
        Map<String, String> grids = new HashMap<>();
        quantizedTensors.forEach(tensor -> grids.put(tensor, tensor));
        Map<String, List<DeployPlan.Step>> readers = new HashMap<>();
        Set<String> outputs = new HashSet<>(plan.spec().outputNames());
        for (DeployPlan.Step step : plan.steps()) {
            step.inputs().forEach(input -> readers.computeIfAbsent(input, k -> new ArrayList<>()).add(step));
            String grid = grids.get(step.inputs().get(0));
            if (step.keepsInputGrid() && grid != null && !outputs.contains(step.output())) {
                grids.put(step.output(), grid);
            }
        }
        Map<String, QuantParams> points = new HashMap<>();
        grids.forEach((tensor, grid) -> {
            List<DeployPlan.Step> read = readers.getOrDefault(tensor, List.of());
            boolean passedOn = !read.isEmpty()
                    && read.stream().allMatch(step -> step.keepsInputGrid() && grids.containsKey(step.output()));
            if (!passedOn) {
                points.put(tensor, quantization.activations().get(grid));
            }
        });
        return points;
    }

    /**
     * {@link Quantizer#fakeQuantize(float[], QuantParams)} computed by libtorch, operation for
     * operation in float32 (x · (1f / scale), round half to even, + zero-point, clamp, − zero-point,
     * · scale), so the values are the same to the bit without copying the tensor out of libtorch.
     * Overwrites {@code values} (the first multiplication is done in place, as are three more on
     * the new arrays): the simulation rounds tensors nobody reads unrounded.
     */
    static NDArray fakeQuantize(NDArray values, QuantParams params) {
        float zeroPoint = params.zeroPoint();
        NDArray onGrid = values.muli(1.0f / params.scale()).round();
        NDArray clipped = onGrid.addi(zeroPoint).clip(params.qmin(), params.qmax());
        onGrid.close();
        return clipped.subi(zeroPoint).muli(params.scale());
    }

    /** DynamicQuantizeLinear: uint8 from the batch's own min and max (widened to include 0). */
    private static NDArray perBatch(NDManager scope, NDArray values) {
        float[] v = values.toFloatArray();
        float min = 0;
        float max = 0;
        for (float x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        // a copy: other steps may read the unrounded input
        return fakeQuantize(values.duplicate(), QuantParams.fromRange(new ClipRange(min, max), QuantFormat.quint8()));
    }

    /** Top-1 accuracy in percent of output 0 on the first {@code count} test images. */
    public double testAccuracy(Dataset data, int count) {
        int[] labels = data.testLabels();
        long correct = 0;
        for (int from = 0; from < count; from += EVAL_BATCH) {
            int n = Math.min(EVAL_BATCH, count - from);
            float[][] logits = outputs(DjlNetwork.normalizedTestImages(data, from, n), n)[0];
            for (int i = 0; i < n; i++) {
                correct += DeployedModel.argmax(logits[i]) == labels[from + i] ? 1 : 0;
            }
        }
        return count == 0 ? 0 : 100.0 * correct / count;
    }

    @Override
    public void close() {
        TorchThread.run(parameters::close);
        if (ownsNetwork) {
            network.close();
        }
    }
}
