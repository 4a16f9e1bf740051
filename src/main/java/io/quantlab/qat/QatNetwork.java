package io.quantlab.qat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.quantlab.deploy.DeployPlan;
import io.quantlab.deploy.ModelQuantization;
import io.quantlab.deploy.StepWeights;
import io.quantlab.deploy.TrainedParameters;
import io.quantlab.deploy.WeightQuantization;
import io.quantlab.model.ModelSpec;
import io.quantlab.model.Node;
import io.quantlab.quant.QuantParams;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A trained FP32 model prepared for quantization-aware training (PyTorch's prepare_qat): a DJL
 * block that runs the deployed plan's steps ({@link DeployPlan}, BatchNorm folded) on the FP32
 * model's own layers and parameters, fake-quantizing exactly where the INT8 graph quantizes:
 * each chosen Conv2d's and Linear's (folded) weight with its {@link WeightQuantizer} (STE on the
 * current range, LSQ's learned step, or binary) at its own bits, and every tensor of
 * {@link DeployPlan#quantizedTensors()} with its {@link ActivationQuantizer} (STE on a
 * moving-average range, LSQ, PACT); the learned steps and clips are parameters of this block,
 * trained with the model. Layers not chosen ({@code layers}) stay FP32, and so do the tensors no
 * chosen layer reads or writes, and all activations at {@code activationBits} 32.
 *
 * <p>A Conv2d with a BatchNorm after it trains as PyTorch's ConvBn2d QAT module does (Jacob et
 * al. 2018, section 3.2; {@code torch.ao.nn.intrinsic.qat.ConvBn2d}): the weight scaled by
 * γ/√(running var + ε) is fake-quantized, the convolution's output divided back by that factor,
 * and the BatchNorm normalizes it with the batch's statistics and updates its running ones. Once
 * BatchNorm is frozen ({@link #freezeBatchNorm}) and in inference, the step is the folded
 * convolution the deployed graph runs: its bias (b − mean)·γ/√(var + ε) + β.
 *
 * <p>A ReLU's output read only by a max-pool is fake-quantized after the pool, on its own grid
 * and observer: a monotone rounding commutes with the maximum, so the values are the same, the
 * grid too (the maximum survives the pool, and the minimum is widened to 0 either way), and
 * the pool's output is a quarter of the tensor to round (only which of several equal quantized
 * values gets the pool's gradient may differ).
 *
 * <p>{@link #freezeObservers} keeps every observed grid as it is; {@link #quantization()} hands
 * the grids on to the deployment, {@link #binarized()} the binary layers' weights. Call its
 * methods inside TorchThread work.
 */
final class QatNetwork extends FineTunedGraph {

    private final DeployPlan plan;
    /** A max-pool's output → the ReLU output before it, whose fake quantization moves after the pool. */
    private final Map<String, String> quantizedAfterPool = new HashMap<>();
    private final Map<String, WeightQuantizer> weightQuantizers = new LinkedHashMap<>();
    private final Map<String, ActivationQuantizer> activationQuantizers = new LinkedHashMap<>();
    private volatile boolean observersFrozen;
    private volatile boolean batchNormFrozen;

    QatNetwork(ModelSpec spec, TrainedParameters start, QatConfig config) {
        super(spec, start);
        this.plan = DeployPlan.of(spec, true);
        config.requireLayersOf(spec);
        for (DeployPlan.Step step : plan.weightedSteps()) {
            if (config.quantizes(step.name())) {
                weightQuantizers.put(step.name(), weightQuantizer(config, step));
            }
        }
        if (config.quantizesActivations()) {
            plan.quantizedTensors().stream().filter(this::readOrWrittenByAChosenLayer)
                    .forEach(tensor -> activationQuantizers.put(tensor, activationQuantizer(config, tensor)));
        }
        weightQuantizers.values().stream().map(WeightQuantizer::parameter).filter(Objects::nonNull)
                .forEach(this::addParameter);
        activationQuantizers.values().stream().map(ActivationQuantizer::parameter).filter(Objects::nonNull)
                .forEach(this::addParameter);
        this.batchNormFrozen = config.freezeBatchNormAfter() == 0;
        Map<String, Integer> readers = new HashMap<>();
        plan.steps().forEach(step -> step.inputs().forEach(in -> readers.merge(in, 1, Integer::sum)));
        for (DeployPlan.Step pool : plan.steps()) {
            String in = pool.inputs().get(0);
            DeployPlan.Step before = plan.producer(in);
            if (pool.op() instanceof Node.MaxPool2d && readers.get(in) == 1 && activationQuantizers.containsKey(in)
                    && before != null && isRelu(before.activation())) {
                quantizedAfterPool.put(pool.output(), in);
            }
        }
    }

    private static WeightQuantizer weightQuantizer(QatConfig config, DeployPlan.Step step) {
        int bits = config.weightBits(step.name());
        return switch (config.weightQuantizer()) {
            case LSQ -> {
                int channels = step.op() instanceof Node.Conv2d c ? c.outChannels() : ((Node.Linear) step.op()).outFeatures();
                yield new LsqWeights(config, step.name(), bits, channels, step.op() instanceof Node.Conv2d ? 4 : 2);
            }
            case BINARY -> new BinaryWeights(config.gradient());
            case STE, PACT -> new SteWeights(config, bits); // PACT on weights is refused by QatConfig
        };
    }

    /** PACT clips at 0, so it takes the tensors a ReLU made non-negative; the others (the input) keep the STE. */
    private ActivationQuantizer activationQuantizer(QatConfig config, String tensor) {
        return switch (config.activationQuantizer()) {
            case LSQ -> new LsqActivation(config, tensor);
            case PACT -> nonNegative(tensor) ? new PactActivation(config, tensor) : new SteActivation(config);
            case STE, BINARY -> new SteActivation(config);
        };
    }

    private boolean nonNegative(String tensor) {
        DeployPlan.Step producer = plan.producer(tensor);
        if (producer == null) {
            return false;
        }
        return isRelu(producer.activation()) || producer.keepsInputGrid() && nonNegative(producer.inputs().get(0));
    }

    private static boolean isRelu(Node activation) {
        return activation instanceof Node.ReLU || activation instanceof Node.ReLU6;
    }

    /** Every tensor when all layers are quantized; else those a chosen layer writes or reads (its input's grid). */
    private boolean readOrWrittenByAChosenLayer(String tensor) {
        if (weightQuantizers.size() == plan.weightedSteps().size()) {
            return true;
        }
        return plan.weightedSteps().stream().filter(step -> weightQuantizers.containsKey(step.name()))
                .anyMatch(step -> tensor.equals(plan.gridOf(step.output()))
                        || tensor.equals(plan.gridOf(step.inputs().get(0))));
    }

    DeployPlan plan() {
        return plan;
    }

    /** Observers stop: every observed grid stays as the last training step left it. */
    void freezeObservers() {
        weightQuantizers.values().forEach(WeightQuantizer::freeze);
        activationQuantizers.values().forEach(ActivationQuantizer::freeze);
        observersFrozen = true;
    }

    /** BatchNorm stops updating its running statistics and normalizes with them, as deployed. */
    void freezeBatchNorm() {
        batchNormFrozen = true;
    }

    boolean observersFrozen() {
        return observersFrozen;
    }

    boolean batchNormFrozen() {
        return batchNormFrozen;
    }

    /** Each fake-quantized tensor's grid, as it stands. */
    Map<String, QuantParams> activationGrids() {
        Map<String, QuantParams> grids = new LinkedHashMap<>();
        activationQuantizers.forEach((tensor, quantizer) -> grids.put(tensor, quantizer.grid()));
        return grids;
    }

    /**
     * The quantization to deploy (PyTorch's convert): each quantized layer's weight grid (frozen
     * with the observers, learned, or else that of the trained weights folded with the running
     * statistics), binary layers left out (see {@link #binarized}), and the activation grids.
     */
    ModelQuantization quantization() {
        TrainedParameters trained = TrainedParameters.of(graph());
        Map<String, WeightQuantization> weights = new HashMap<>();
        for (DeployPlan.Step step : plan.weightedSteps()) {
            WeightQuantizer quantizer = weightQuantizers.get(step.name());
            WeightQuantization grid = quantizer == null ? null : quantizer.grid(StepWeights.of(step, trained));
            if (grid != null) {
                weights.put(step.name(), grid);
            }
        }
        Map<String, QuantParams> activations = new HashMap<>();
        activationQuantizers.forEach((tensor, quantizer) -> {
            if (quantizer.started()) {
                activations.put(tensor, quantizer.grid());
            }
        });
        return new ModelQuantization(true, weights, activations);
    }

    /**
     * The trained parameters as the converted model holds them: binary layers' weights replaced by
     * their sign(w)·α, computed by the same operations as in training.
     */
    TrainedParameters binarized() {
        TrainedParameters trained = TrainedParameters.of(graph());
        for (Map.Entry<String, WeightQuantizer> e : weightQuantizers.entrySet()) {
            if (!e.getValue().afterFolding()) {
                Parameter weight = graph().nodeBlock(e.getKey()).getParameters().get("weight");
                try (NDArray binary = e.getValue().apply(weight.getArray().stopGradient(), false)) {
                    trained = trained.with(e.getKey(), "weight", binary.toFloatArray());
                }
            }
        }
        return trained;
    }

    /** The layers whose weights are binary: handed on as their weights, one bit and one α per channel. */
    Set<String> binaryLayers() {
        Set<String> layers = new TreeSet<>();
        weightQuantizers.forEach((layer, quantizer) -> {
            if (!quantizer.afterFolding()) {
                layers.add(layer);
            }
        });
        return layers;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameters, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        // the weights' arithmetic would otherwise stay attached to the model's manager until the job ends;
        // autograd keeps what the backward pass needs
        try (NDScope scope = new NDScope()) {
            Map<String, NDArray> values = new HashMap<>();
            NDArray input = inputs.singletonOrThrow();
            values.put(ModelSpec.INPUT, activation(ModelSpec.INPUT, input, training));
            for (DeployPlan.Step step : plan.steps()) {
                NDArray output = step(parameters, step, values, training);
                String tensor = step.output();
                if (quantizedAfterPool.containsValue(tensor)) {
                    values.put(tensor, output);
                } else {
                    values.put(tensor, activation(quantizedAfterPool.getOrDefault(tensor, tensor), output, training));
                }
            }
            NDList outputs = new NDList();
            for (String name : plan.spec().outputNames()) {
                NDArray output = values.get(name);
                NDScope.unregister(output);
                outputs.add(output);
            }
            return outputs;
        }
    }

    private NDArray step(ParameterStore parameters, DeployPlan.Step step, Map<String, NDArray> values,
                         boolean training) {
        NDList in = new NDList();
        step.inputs().forEach(name -> in.add(values.get(name)));
        Node op = step.op();
        NDArray result;
        if (op instanceof Node.Conv2d c) {
            result = convolution(parameters, step, c, in.get(0), training);
        } else if (op instanceof Node.Linear) {
            Block linear = graph().nodeBlock(op.name());
            NDArray weight = weight(step, weight(step, value(parameters, linear, "weight", training), training, false),
                    training, true);
            result = Linear.linear(in.get(0), weight, value(parameters, linear, "bias", training)).singletonOrThrow();
        } else if (op instanceof Node.Add) {
            result = in.get(0);
            for (int i = 1; i < in.size(); i++) {
                result = result.add(in.get(i));
            }
        } else {
            result = graph().nodeBlock(op.name()).forward(parameters, in, training).singletonOrThrow();
        }
        return step.activation() == null ? result
                : graph().nodeBlock(step.activation().name()).forward(parameters, new NDList(result), training)
                        .singletonOrThrow();
    }

    private NDArray convolution(ParameterStore parameters, DeployPlan.Step step, Node.Conv2d c, NDArray x,
                                boolean training) {
        Block conv = graph().nodeBlock(c.name());
        NDArray weight = weight(step, value(parameters, conv, "weight", training), training, false);
        NDArray bias = value(parameters, conv, "bias", training);
        Node.BatchNorm2d bn = step.foldedBatchNorm();
        if (bn == null) {
            return conv2d(x, weight(step, weight, training, true), bias, c);
        }
        Block norm = graph().nodeBlock(bn.name());
        NDArray gamma = value(parameters, norm, "gamma", training);
        NDArray std = value(parameters, norm, "runningVar", training).add((float) bn.eps()).sqrt();
        NDArray factor = gamma.div(std);
        long channels = c.outChannels();
        NDArray folded = weight.mul(factor.reshape(channels, 1, 1, 1));
        NDArray y = conv2d(x, weight(step, folded, training, true), null, c);
        if (training && !batchNormFrozen) {
            NDArray unscaled = y.div(factor.reshape(1, channels, 1, 1));
            if (bias != null) {
                unscaled = unscaled.add(bias.reshape(1, channels, 1, 1));
            }
            return norm.forward(parameters, new NDList(unscaled), true).singletonOrThrow();
        }
        NDArray mean = value(parameters, norm, "runningMean", training);
        NDArray shift = (bias == null ? mean.neg() : bias.sub(mean)).mul(factor)
                .add(value(parameters, norm, "beta", training));
        return y.add(shift.reshape(1, channels, 1, 1));
    }

    private static NDArray conv2d(NDArray x, NDArray weight, NDArray bias, Node.Conv2d c) {
        return Conv2d.conv2d(x, weight, bias, new Shape(c.stride(), c.stride()), new Shape(c.padding(), c.padding()),
                new Shape(1, 1), c.groups()).singletonOrThrow();
    }

    private static NDArray value(ParameterStore parameters, Block block, String name, boolean training) {
        Parameter parameter = block.getParameters().get(name);
        return parameter == null ? null : parameters.getValue(parameter, Device.cpu(), training);
    }

    /** The weight as the layer's quantizer gives it (where it quantizes: after folding or before), else as it is. */
    private NDArray weight(DeployPlan.Step step, NDArray weight, boolean training, boolean folded) {
        WeightQuantizer quantizer = weightQuantizers.get(step.name());
        return quantizer == null || quantizer.afterFolding() != folded ? weight : quantizer.apply(weight, training);
    }

    /** {@code values} fake-quantized where the deployed graph quantizes {@code tensor} (and this QAT does). */
    private NDArray activation(String tensor, NDArray values, boolean training) {
        ActivationQuantizer quantizer = activationQuantizers.get(tensor);
        return quantizer == null ? values : quantizer.apply(values, training);
    }
}
