package io.quantlab.deploy;

import io.quantlab.deploy.onnx.OnnxAttribute;
import io.quantlab.deploy.onnx.OnnxGraph;
import io.quantlab.deploy.onnx.OnnxModelWriter;
import io.quantlab.deploy.onnx.OnnxTensor;
import io.quantlab.model.ModelShapes;
import io.quantlab.model.ModelSpec;
import io.quantlab.model.Node;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link DeployPlan} as an ONNX graph, operator by operator with PyTorch's meaning
 * (Conv, Gemm with transB, MaxPool, an average pool as a depthwise Conv, GlobalAveragePool then
 * Flatten, Relu, Clip(0, 6), Add, Identity for dropout). The graph takes {@value #IMAGE}, float
 * pixels in [0, 1] of shape [N, C, H, W], and normalizes them first (see
 * {@link InputNormalization}); its outputs are the spec's outputs by name, float [N, classes].
 * Subclasses decide how weights are stored and what a reader of a tensor sees.
 */
abstract class GraphExport {

    static final String IMAGE = "image";

    protected final DeployPlan plan;
    protected final TrainedParameters parameters;
    protected final OnnxGraph graph;
    /** Each tensor's shape per image, {@value ModelSpec#INPUT} included. */
    private final Map<String, List<Integer>> shapes = new HashMap<>();

    protected GraphExport(DeployPlan plan, TrainedParameters parameters, String format) {
        this.plan = plan;
        this.parameters = parameters;
        this.graph = new OnnxGraph(plan.spec().name());
        graph.metadata("quantlab.format", format);
        shapes.put(ModelSpec.INPUT, plan.spec().inputShape());
        ModelShapes.of(plan.spec()).forEach(node -> shapes.put(node.name(), node.outputShape()));
    }

    /** The tensor a reader of {@code tensor} uses (the tensor itself, or its dequantized copy). */
    protected abstract String read(String tensor);

    /** Called once an operator has written {@code tensor} in float. */
    protected abstract void written(String tensor);

    /** The weight and bias (null for none) inputs of a Conv or Gemm step. */
    protected abstract String[] weightAndBias(DeployPlan.Step step);

    /** A float tensor inside a step that an INT8 graph quantizes with {@code grid}'s parameters; returns what the next operator reads. */
    protected abstract String inside(String tensor, String grid);

    final byte[] write(InputNormalization normalization) {
        ModelSpec spec = plan.spec();
        List<Integer> chw = spec.inputShape();
        if (normalization.channels() != chw.get(0)) {
            throw new IllegalArgumentException("normalization has " + normalization.channels()
                    + " channels, model " + spec.name() + " takes " + chw.get(0));
        }
        graph.input(IMAGE, OnnxTensor.FLOAT, OnnxGraph.BATCH, chw.get(0), chw.get(1), chw.get(2));
        long[] perChannel = {1, chw.get(0), 1, 1};
        String mean = graph.constant(OnnxTensor.floats("normalize_mean", perChannel, normalization.mean()));
        String std = graph.constant(OnnxTensor.floats("normalize_std", perChannel, normalization.std()));
        String centered = graph.node("Sub", "normalize_sub", List.of(IMAGE, mean), "image_centered");
        graph.node("Div", "normalize_div", List.of(centered, std), ModelSpec.INPUT);
        graph.metadata("quantlab.input", IMAGE + ": float32 [N, " + chw.get(0) + ", " + chw.get(1) + ", "
                + chw.get(2) + "], pixels scaled to [0, 1]; the graph normalizes them: (x - mean) / std with mean "
                + Arrays.toString(normalization.mean()) + ", std " + Arrays.toString(normalization.std()));
        written(ModelSpec.INPUT);
        for (DeployPlan.Step step : plan.steps()) {
            step(step);
            written(step.output());
        }
        for (String output : spec.outputNames()) {
            List<Integer> shape = shapes.get(output);
            long[] dims = new long[shape.size() + 1];
            dims[0] = OnnxGraph.BATCH;
            for (int i = 0; i < shape.size(); i++) {
                dims[i + 1] = shape.get(i);
            }
            graph.output(output, OnnxTensor.FLOAT, dims);
        }
        return OnnxModelWriter.write(graph);
    }

    private void step(DeployPlan.Step step) {
        String name = step.name();
        List<String> in = step.inputs().stream().map(this::read).toList();
        String result = step.activation() == null ? step.output() : name + "_linear";
        Node op = step.op();
        if (op instanceof Node.Conv2d c) {
            graph.node("Conv", name, withWeights(in.get(0), step), result,
                    OnnxAttribute.ints("kernel_shape", c.kernel(), c.kernel()),
                    OnnxAttribute.ints("strides", c.stride(), c.stride()),
                    OnnxAttribute.ints("pads", c.padding(), c.padding(), c.padding(), c.padding()),
                    OnnxAttribute.ints("dilations", 1, 1), OnnxAttribute.of("group", c.groups()));
        } else if (op instanceof Node.Linear) {
            linear(step, in.get(0), result);
        } else if (op instanceof Node.BatchNorm2d bn) {
            graph.node("BatchNormalization", name, List.of(in.get(0),
                    floats(name + "_gamma", parameters.require(name, "gamma")),
                    floats(name + "_beta", parameters.require(name, "beta")),
                    floats(name + "_running_mean", parameters.require(name, "runningMean")),
                    floats(name + "_running_var", parameters.require(name, "runningVar"))), result,
                    OnnxAttribute.of("epsilon", (float) bn.eps()));
        } else if (op instanceof Node.ReLU || op instanceof Node.ReLU6) {
            activation(op, in.get(0), result);
        } else if (op instanceof Node.MaxPool2d p) {
            graph.node("MaxPool", name, in, result, pool(p.kernel(), p.stride(), p.padding()));
        } else if (op instanceof Node.AvgPool2d p) {
            int channels = shapes.get(step.inputs().get(0)).get(0);
            int k = p.kernel();
            graph.documentedNode("Conv", name, "AvgPool2d(" + k + ", stride " + p.stride() + ", padding "
                    + p.padding() + ") as a depthwise convolution whose weights are all 1/" + k * k + ": the same"
                    + " average, padded zeros counted as in PyTorch; ONNX Runtime's pooling kernels are several"
                    + " times slower for such windows, in FP32 and in INT8",
                    List.of(in.get(0), averagingWeights(name, channels, k)), result,
                    OnnxAttribute.ints("kernel_shape", k, k), OnnxAttribute.ints("strides", p.stride(), p.stride()),
                    OnnxAttribute.ints("pads", p.padding(), p.padding(), p.padding(), p.padding()),
                    OnnxAttribute.ints("dilations", 1, 1), OnnxAttribute.of("group", channels));
        } else if (op instanceof Node.GlobalAvgPool) {
            String pooled = graph.node("GlobalAveragePool", name, in, name + "_pooled");
            graph.node("Flatten", name + "_flatten", List.of(inside(pooled, step.output())), result,
                    OnnxAttribute.of("axis", 1));
        } else if (op instanceof Node.Flatten) {
            graph.node("Flatten", name, in, result, OnnxAttribute.of("axis", 1));
        } else if (op instanceof Node.Dropout) {
            graph.node("Identity", name, in, result);
        } else if (op instanceof Node.Add) {
            graph.node(in.size() == 2 ? "Add" : "Sum", name, in, result);
        } else {
            throw new IllegalStateException("no ONNX operator for " + op.kind());
        }
        if (step.activation() != null) {
            activation(step.activation(), result, step.output());
        }
    }

    /** A Linear step: Gemm with the weight [out, in] transposed, as PyTorch's layer computes x·Wᵀ + b. */
    protected void linear(DeployPlan.Step step, String input, String result) {
        graph.node("Gemm", step.name(), withWeights(input, step), result, OnnxAttribute.of("transB", 1));
    }

    /** The [channels, 1, k, k] weights of an average pool written as a depthwise convolution. */
    protected String averagingWeights(String name, int channels, int k) {
        float[] weights = new float[channels * k * k];
        Arrays.fill(weights, 1f / (k * k));
        return graph.constant(OnnxTensor.floats(name + "_weight", new long[] {channels, 1, k, k}, weights));
    }

    private List<String> withWeights(String input, DeployPlan.Step step) {
        String[] weightAndBias = weightAndBias(step);
        return weightAndBias[1] == null ? List.of(input, weightAndBias[0])
                : List.of(input, weightAndBias[0], weightAndBias[1]);
    }

    private void activation(Node node, String input, String output) {
        if (node instanceof Node.ReLU6) {
            String zero = graph.constant(OnnxTensor.floats("relu6_min", new long[0], new float[] {0f}));
            String six = graph.constant(OnnxTensor.floats("relu6_max", new long[0], new float[] {6f}));
            graph.node("Clip", node.name(), List.of(input, zero, six), output);
        } else {
            graph.node("Relu", node.name(), List.of(input), output);
        }
    }

    private static OnnxAttribute[] pool(int kernel, int stride, int padding) {
        return new OnnxAttribute[] {OnnxAttribute.ints("kernel_shape", kernel, kernel),
                OnnxAttribute.ints("strides", stride, stride),
                OnnxAttribute.ints("pads", padding, padding, padding, padding)};
    }

    protected final String floats(String name, float[] values) {
        return graph.constant(OnnxTensor.floats(name, new long[] {values.length}, values));
    }
}
