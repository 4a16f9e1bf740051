package io.quantlab.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DJL block that runs a {@link ModelSpec}'s nodes in order, keeping every node's output by name,
 * so a node may read any earlier one (residual {@code Add}s, early exits). Takes one [N, C, H, W]
 * input and returns the spec's outputs in order, each [N, classes] for the zoo's models.
 *
 * <p>Every node except {@code Add} is a child block registered under the node's name, so
 * parameter names read {@code conv1_weight}, {@code bn1_runningMean}, … and stay the same as long
 * as the spec does. Saved parameters are the children's, in node order.
 */
public final class GraphBlock extends AbstractBlock {

    private static final byte VERSION = 1;
    /** DJL's SequentialBlock format, which QuantLab saved before GraphBlock existed. */
    private static final byte SEQUENTIAL_BLOCK_VERSION = 3;

    private final ModelSpec spec;
    private final Map<String, Block> nodeBlocks;
    /** Whether the spec has a convolution, so its inference runs channels-last ({@link #channelsLast}). */
    private final boolean convolutional;

    /** {@code nodeBlocks} maps node names to their DJL layers; nodes without one are Adds. */
    GraphBlock(ModelSpec spec, Map<String, Block> nodeBlocks) {
        super(VERSION);
        this.spec = spec;
        this.nodeBlocks = new HashMap<>(nodeBlocks);
        this.convolutional = spec.nodes().stream().anyMatch(node -> node instanceof Node.Conv2d);
        for (Node node : spec.nodes()) {
            Block block = nodeBlocks.get(node.name());
            if (block == null && !(node instanceof Node.Add)) {
                throw new IllegalArgumentException("no DJL layer for node " + node.name());
            }
            if (block != null) {
                // not addChildBlock: it would prefix a running number ("01conv1")
                children.add(node.name(), block);
            }
        }
    }

    public ModelSpec spec() {
        return spec;
    }

    /** The DJL block of node {@code name} (its weights, for per-layer views), or null for an Add or no such node. */
    public Block nodeBlock(String name) {
        return nodeBlocks.get(name);
    }

    /**
     * Runs the whole graph on {@code input} ([N, C, H, W]) and returns every node's output by node
     * name, in node order (for activation statistics). The arrays belong to the input's manager.
     */
    public LinkedHashMap<String, NDArray> forwardAll(ParameterStore parameterStore, NDList input, boolean training) {
        LinkedHashMap<String, NDArray> values = new LinkedHashMap<>();
        NDArray x = training ? input.singletonOrThrow() : inferenceLayout(input.singletonOrThrow());
        for (Node node : spec.nodes()) {
            NDList in = new NDList(node.inputs().size());
            for (String name : node.inputs()) {
                in.add(ModelSpec.INPUT.equals(name) ? x : values.get(name));
            }
            values.put(node.name(), node instanceof Node.Add ? sum(in)
                    : nodeBlocks.get(node.name()).forward(parameterStore, in, training).singletonOrThrow());
        }
        return values;
    }

    /** {@code images} ([N, C, H, W]) as inference takes them: channels-last when the spec has a convolution. */
    public NDArray inferenceLayout(NDArray images) {
        return convolutional ? channelsLast(images) : images;
    }

    /**
     * The same [N, C, H, W] images laid out channels-last in memory (PyTorch's
     * {@code torch.channels_last}), for inference. Convolutions given such an input give such an
     * output, and so do batch norm, pooling and element-wise layers after them: the whole network
     * runs on libtorch's channels-last kernels, vectorized over channels, which halved the small
     * CNN's batch latency (bench/training/README.md). For one channel nothing is copied.
     *
     * <p>Training stays NCHW: libtorch's channels-last batch norm computes the batch statistics
     * and their gradients with up to ~25× NCHW's rounding error when activations have a large
     * mean (as the background of normalized images gives), which made small-cnn's first step's
     * gradients of bn1, bn2, conv1 and conv2 1–2 % off PyTorch's (TrainingStepParityTest;
     * pytorch/pytorch#121651). In inference batch norm only scales and shifts each channel by its
     * running statistics, which both layouts compute alike. Batch norm alone on an NCHW copy was
     * slower than NCHW throughout (bench/parity/README.md).
     */
    static NDArray channelsLast(NDArray images) {
        Shape s = images.getShape();
        return images.transpose(0, 2, 3, 1).reshape(-1).reshape(s.get(0), s.get(2), s.get(3), s.get(1))
                .transpose(0, 3, 1, 2);
    }

    private static NDArray sum(NDList inputs) {
        NDArray total = inputs.get(0).add(inputs.get(1));
        for (int i = 2; i < inputs.size(); i++) {
            total = total.add(inputs.get(i));
        }
        return total;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        Map<String, NDArray> values = forwardAll(parameterStore, inputs, training);
        NDList outputs = new NDList();
        for (String name : spec.outputNames()) {
            outputs.add(values.get(name));
        }
        return outputs;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Map<String, Shape> shapes = nodeShapes(inputShapes[0]);
        return spec.outputNames().stream().map(shapes::get).toArray(Shape[]::new);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Map<String, Shape> shapes = nodeShapes(inputShapes[0]);
        shapes.put(ModelSpec.INPUT, inputShapes[0]);
        for (Node node : spec.nodes()) {
            Block block = nodeBlocks.get(node.name());
            if (block != null) {
                block.initialize(manager, dataType, node.inputs().stream().map(shapes::get).toArray(Shape[]::new));
            }
        }
    }

    /** Each node's output shape with the batch dimension, by {@link ModelShapes}' rules. */
    private Map<String, Shape> nodeShapes(Shape input) {
        if (input.dimension() != 4) {
            throw new IllegalArgumentException("model " + spec.name() + " takes [N, C, H, W] images, got " + input);
        }
        List<Integer> chw = new ArrayList<>();
        for (int i = 1; i < 4; i++) {
            chw.add((int) input.get(i));
        }
        ModelSpec sized = chw.equals(spec.inputShape()) ? spec : spec.withInputShape(chw);
        Map<String, Shape> shapes = new HashMap<>();
        for (ModelShapes.NodeShape node : ModelShapes.of(sized)) {
            long[] dims = new long[node.outputShape().size() + 1];
            dims[0] = input.get(0);
            for (int i = 0; i < node.outputShape().size(); i++) {
                dims[i + 1] = node.outputShape().get(i);
            }
            shapes.put(node.name(), new Shape(dims));
        }
        return shapes;
    }

    @Override
    protected void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        if (loadVersion == VERSION) {
            readInputShapes(is);
        } else if (loadVersion == SEQUENTIAL_BLOCK_VERSION && spec.isSequential()) {
            // a chain saved by SequentialBlock: same children in the same order, plus one flag
            readInputShapes(is);
            is.readBoolean();
        } else {
            throw new MalformedModelException("Parameters of model " + spec.name()
                    + " were saved in an unknown format (version " + loadVersion + ")");
        }
    }
}
