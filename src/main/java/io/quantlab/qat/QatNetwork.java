package io.quantlab.qat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.quantlab.deploy.DeployPlan;
import io.quantlab.deploy.ModelQuantization;
import io.quantlab.deploy.TrainedParameters;
import io.quantlab.deploy.WeightQuantization;
import io.quantlab.model.BlockBuilder;
import io.quantlab.model.GraphBlock;
import io.quantlab.model.ModelSpec;
import io.quantlab.model.Node;
import io.quantlab.ptq.Calibration;
import io.quantlab.ptq.PtqConfig;
import io.quantlab.quant.ChannelAxis;
import io.quantlab.quant.ClipRange;
import io.quantlab.quant.MinMaxObserver;
import io.quantlab.quant.MovingAverageMinMaxObserver;
import io.quantlab.quant.QuantParams;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A trained FP32 model prepared for quantization-aware training (PyTorch's prepare_qat): a DJL
 * block that runs the deployed plan's steps ({@link DeployPlan}, BatchNorm folded) on the FP32
 * model's own layers and parameters, fake-quantizing with a straight-through estimator
 * ({@link StraightThrough}) exactly where the INT8 graph quantizes: each Conv2d's and Linear's
 * (folded) weight, symmetric per output channel or per tensor from its current min and max, and
 * every tensor of {@link DeployPlan#quantizedTensors()}, affine from a moving-average min-max
 * observer updated by each training batch.
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
 * <p>{@link #freezeObservers} keeps every grid as it is; {@link #quantization()} hands the
 * grids on to the deployment. Call its methods inside TorchThread work.
 */
final class QatNetwork extends AbstractBlock {

    private static final byte VERSION = 1;

    private final DeployPlan plan;
    private final GraphBlock graph;
    private final TrainedParameters start;
    private final QatConfig config;
    private final Set<String> quantizedTensors;
    /** A max-pool's output → the ReLU output before it, whose fake quantization moves after the pool. */
    private final Map<String, String> quantizedAfterPool = new HashMap<>();
    private final Map<String, MovingAverageMinMaxObserver> observers = new LinkedHashMap<>();
    private final Map<String, QuantParams> activationGrids = new HashMap<>();
    /** Each weighted step's grid in the last training step, and the ones frozen with the observers. */
    private final Map<String, WeightQuantization> lastWeightGrids = new HashMap<>();
    private final Map<String, WeightQuantization> frozenWeightGrids = new HashMap<>();
    private volatile boolean observersFrozen;
    private volatile boolean batchNormFrozen;

    QatNetwork(ModelSpec spec, TrainedParameters start, QatConfig config) {
        super(VERSION);
        this.plan = DeployPlan.of(spec, true);
        this.graph = BlockBuilder.build(spec);
        this.start = start;
        this.config = config;
        this.quantizedTensors = new HashSet<>(plan.quantizedTensors());
        plan.quantizedTensors().forEach(tensor -> observers.put(tensor,
                MovingAverageMinMaxObserver.perTensor(MovingAverageMinMaxObserver.DEFAULT_AVERAGING_CONSTANT)));
        this.batchNormFrozen = config.freezeBatchNormAfter() == 0;
        children.add("graph", graph);
        Map<String, Integer> readers = new HashMap<>();
        plan.steps().forEach(step -> step.inputs().forEach(in -> readers.merge(in, 1, Integer::sum)));
        for (DeployPlan.Step pool : plan.steps()) {
            String in = pool.inputs().get(0);
            DeployPlan.Step before = plan.producer(in);
            if (pool.op() instanceof Node.MaxPool2d && readers.get(in) == 1 && quantizedTensors.contains(in)
                    && before != null && (before.activation() instanceof Node.ReLU
                    || before.activation() instanceof Node.ReLU6)) {
                quantizedAfterPool.put(pool.output(), in);
            }
        }
    }

    /** The FP32 model's layers, holding the parameters being trained. */
    GraphBlock graph() {
        return graph;
    }

    DeployPlan plan() {
        return plan;
    }

    /** Observers stop: every grid stays as the last training step left it. */
    void freezeObservers() {
        frozenWeightGrids.putAll(lastWeightGrids);
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

    /** Each quantized tensor's observed range. */
    Map<String, ClipRange> activationRanges() {
        Map<String, ClipRange> ranges = new LinkedHashMap<>();
        observers.forEach((tensor, observer) -> ranges.put(tensor, observer.range()));
        return ranges;
    }

    /**
     * The quantization to deploy (PyTorch's convert): the weight grids frozen with the observers,
     * or else those of the trained weights (folded with the running statistics, min-max, as PTQ
     * computes them), and the observers' activation grids.
     */
    ModelQuantization quantization() {
        Map<String, WeightQuantization> weights = new HashMap<>(
                Calibration.weights(plan, TrainedParameters.of(graph), config.weightGrids()));
        if (observersFrozen) {
            weights.putAll(frozenWeightGrids);
        }
        Map<String, QuantParams> activations = new HashMap<>();
        quantizedTensors.forEach(tensor -> activations.put(tensor, activationGrid(tensor)));
        return new ModelQuantization(true, weights, activations);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        graph.initialize(manager, dataType, inputShapes);
        start.copyInto(graph);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return graph.getOutputShapes(inputShapes);
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
            Block linear = graph.nodeBlock(op.name());
            NDArray weight = weight(step, value(parameters, linear, "weight", training), training);
            result = Linear.linear(in.get(0), weight, value(parameters, linear, "bias", training)).singletonOrThrow();
        } else if (op instanceof Node.Add) {
            result = in.get(0);
            for (int i = 1; i < in.size(); i++) {
                result = result.add(in.get(i));
            }
        } else {
            result = graph.nodeBlock(op.name()).forward(parameters, in, training).singletonOrThrow();
        }
        return step.activation() == null ? result
                : graph.nodeBlock(step.activation().name()).forward(parameters, new NDList(result), training)
                        .singletonOrThrow();
    }

    private NDArray convolution(ParameterStore parameters, DeployPlan.Step step, Node.Conv2d c, NDArray x,
                                boolean training) {
        Block conv = graph.nodeBlock(c.name());
        NDArray weight = value(parameters, conv, "weight", training);
        NDArray bias = value(parameters, conv, "bias", training);
        Node.BatchNorm2d bn = step.foldedBatchNorm();
        if (bn == null) {
            return conv2d(x, weight(step, weight, training), bias, c);
        }
        Block norm = graph.nodeBlock(bn.name());
        NDArray gamma = value(parameters, norm, "gamma", training);
        NDArray std = value(parameters, norm, "runningVar", training).add((float) bn.eps()).sqrt();
        NDArray factor = gamma.div(std);
        long channels = c.outChannels();
        NDArray folded = weight.mul(factor.reshape(channels, 1, 1, 1));
        NDArray y = conv2d(x, weight(step, folded, training), null, c);
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

    /** The weight fake-quantized on its grid: frozen, or from its current min and max. */
    private NDArray weight(DeployPlan.Step step, NDArray weight, boolean training) {
        WeightQuantization grid = observersFrozen ? frozenWeightGrids.get(step.name()) : null;
        if (grid == null) {
            grid = currentGrid(weight);
            if (training) {
                lastWeightGrids.put(step.name(), grid);
            }
        }
        return grid.isPerChannel() ? StraightThrough.fakeQuantize(weight, grid.perChannel(), config.gradient())
                : StraightThrough.fakeQuantize(weight, grid.perTensor(), config.gradient());
    }

    private WeightQuantization currentGrid(NDArray weight) {
        float[] values = weight.toFloatArray();
        if (config.granularity() == PtqConfig.Granularity.PER_TENSOR) {
            MinMaxObserver observer = MinMaxObserver.perTensor();
            observer.observe(values);
            return WeightQuantization.of(observer.params(config.weightFormat()));
        }
        int channels = (int) weight.getShape().get(0);
        MinMaxObserver observer = MinMaxObserver.perChannel(new ChannelAxis(channels, values.length / channels));
        observer.observe(values);
        return WeightQuantization.of(observer.perChannelParams(config.weightFormat()));
    }

    /** {@code values} fake-quantized where the deployed graph quantizes {@code tensor}, observed first while training. */
    private NDArray activation(String tensor, NDArray values, boolean training) {
        if (!quantizedTensors.contains(tensor)) {
            return values;
        }
        if (training && !observersFrozen) {
            observers.get(tensor).observe(new float[] {values.stopGradient().min().getFloat(), values.stopGradient().max().getFloat()});
            activationGrids.remove(tensor);
        }
        return StraightThrough.fakeQuantize(values, activationGrid(tensor), config.gradient());
    }

    private QuantParams activationGrid(String tensor) {
        return activationGrids.computeIfAbsent(tensor,
                t -> QuantParams.fromRange(observers.get(t).range(), config.activationFormat()));
    }
}
