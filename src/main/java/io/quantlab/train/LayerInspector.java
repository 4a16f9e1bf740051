package io.quantlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.quantlab.data.Dataset;
import io.quantlab.model.ModelShapes;
import io.quantlab.model.ModelSpec;
import io.quantlab.model.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-layer facts of a trained model: output shape, parameters and MACs of every node (from the
 * spec), a histogram of each node's trainable weights and of its outputs over a few test batches.
 * The one place in the trainer that knows how spec nodes map to DJL blocks; everything it needs
 * from the model layer goes through {@link #nodeShapes}, {@link #nodeBlock} and
 * {@link #outputsOfEveryNode}.
 *
 * <p>Today's model layer builds a {@link SequentialBlock} with one child per node, in order, and
 * {@link ModelShapes} has no MACs, so MACs are estimated here (multiply-accumulates of
 * convolutions and linear layers only). With a {@code GraphBlock} those three methods become
 * {@code ModelShapes.of(spec)}, {@code GraphBlock.nodeBlock(name)} and
 * {@code GraphBlock.forwardAll(ps, input, false)}, and the MAC totals {@code ModelShapes.macs} /
 * {@code macsFor}.
 */
final class LayerInspector {

    /** Test images whose activations fill the activation histograms. */
    static final int ACTIVATION_IMAGES = 256;
    static final int ACTIVATION_BATCH = 64;

    private final ModelSpec spec;
    private final Block block;

    /** {@code spec} may be null for a block built by hand: then there are no layers and MACs are 0. */
    LayerInspector(ModelSpec spec, Block block) {
        this.spec = spec;
        this.block = block;
    }

    /** One row per node, shapes and MACs from the spec. */
    record NodeInfo(String name, String kind, List<Integer> outputShape, long parameters, long macs) {}

    List<NodeInfo> nodeShapes() {
        if (spec == null) {
            return List.of();
        }
        Map<String, List<Integer>> shapes = new HashMap<>();
        shapes.put(ModelSpec.INPUT, spec.inputShape());
        List<NodeInfo> result = new ArrayList<>();
        List<ModelShapes.NodeShape> nodeShapes = ModelShapes.of(spec);
        for (int i = 0; i < nodeShapes.size(); i++) {
            ModelShapes.NodeShape s = nodeShapes.get(i);
            Node node = spec.nodes().get(i);
            List<Integer> in = shapes.get(node.inputs().get(0));
            shapes.put(s.name(), s.outputShape());
            result.add(new NodeInfo(s.name(), s.kind(), s.outputShape(), s.parameters(), macs(node, in, s.outputShape())));
        }
        return result;
    }

    /** Multiply-accumulates per sample of a convolution or linear layer; 0 for the other kinds. */
    static long macs(Node node, List<Integer> in, List<Integer> out) {
        if (node instanceof Node.Conv2d c) {
            return (long) out.get(0) * out.get(1) * out.get(2) * in.get(0) * c.kernel() * c.kernel();
        }
        if (node instanceof Node.Linear l) {
            return (long) in.get(0) * l.outFeatures();
        }
        return 0;
    }

    /** MACs of one inference through the main output (output 0). */
    long macs() {
        // every node of a sequential spec feeds output 0
        return macsOfAllNodes();
    }

    /** MACs to compute output {@code index} alone; 0 when unknown (no spec, or an output the spec cannot name yet). */
    long macsOfOutput(int index) {
        return index == 0 ? macs() : 0;
    }

    /** MACs of every node: the cost of an image that does not leave at an early exit. */
    long macsOfAllNodes() {
        return nodeShapes().stream().mapToLong(NodeInfo::macs).sum();
    }

    /**
     * The per-layer table with weight histograms and activation histograms over the first
     * {@value #ACTIVATION_IMAGES} test images. Each forward pass holds the {@link TrainingLock}.
     */
    List<LayerReport> layers(NDManager manager, Dataset data, TrainListener listener) {
        List<NodeInfo> nodes = nodeShapes();
        Map<String, Histogram> activations = activationHistograms(manager, data, listener);
        List<LayerReport> result = new ArrayList<>();
        for (NodeInfo n : nodes) {
            result.add(new LayerReport(n.name(), n.kind(), n.outputShape(), n.parameters(), n.macs(),
                    weightHistogram(nodeBlock(n.name())), activations.get(n.name())));
        }
        return result;
    }

    /** All trainable parameters of a node's block in one histogram; null without any. */
    static Histogram weightHistogram(Block nodeBlock) {
        if (nodeBlock == null) {
            return null;
        }
        List<float[]> arrays = new ArrayList<>();
        int total = 0;
        for (Pair<String, Parameter> p : nodeBlock.getParameters()) {
            Parameter parameter = p.getValue();
            if (parameter.requiresGradient() && parameter.isInitialized()) {
                float[] values = parameter.getArray().toFloatArray();
                arrays.add(values);
                total += values.length;
            }
        }
        if (total == 0) {
            return null;
        }
        float[] all = new float[total];
        int offset = 0;
        for (float[] values : arrays) {
            System.arraycopy(values, 0, all, offset, values.length);
            offset += values.length;
        }
        return Histogram.of(all, Histogram.BINS);
    }

    /** Two passes over the same test batches: first each node's range, then its counts. */
    private Map<String, Histogram> activationHistograms(NDManager manager, Dataset data, TrainListener listener) {
        int images = Math.min(ACTIVATION_IMAGES, data.testSize());
        if (spec == null || images == 0) {
            return Map.of();
        }
        BatchBuffer buffer = new BatchBuffer(data, Math.min(ACTIVATION_BATCH, images));
        ParameterStore parameters = new ParameterStore(manager, false);
        Map<String, Histogram.Range> ranges = new LinkedHashMap<>();
        forEachBatch(manager, buffer, parameters, images, listener,
                (name, values) -> ranges.computeIfAbsent(name, k -> new Histogram.Range()).add(values));
        Map<String, Histogram.Counter> counters = new LinkedHashMap<>();
        ranges.forEach((name, range) -> {
            if (!range.isEmpty()) {
                counters.put(name, new Histogram.Counter(range.min(), range.max(), Histogram.BINS));
            }
        });
        forEachBatch(manager, buffer, parameters, images, listener, (name, values) -> {
            Histogram.Counter counter = counters.get(name);
            if (counter != null) {
                counter.add(values);
            }
        });
        Map<String, Histogram> result = new HashMap<>();
        counters.forEach((name, counter) -> result.put(name, counter.histogram()));
        return result;
    }

    private interface NodeValues {
        void accept(String node, float[] values);
    }

    private void forEachBatch(NDManager manager, BatchBuffer buffer, ParameterStore parameters, int images,
                              TrainListener listener, NodeValues sink) {
        try (NoGradient ignored = new NoGradient()) {
            for (int from = 0; from < images; from += ACTIVATION_BATCH) {
                Trainer.checkCancelled(listener);
                int count = Math.min(ACTIVATION_BATCH, images - from);
                int start = from;
                try (NDManager scope = manager.newSubManager()) {
                    Map<String, float[]> values = TrainingLock.call(() -> {
                        Map<String, float[]> copied = new LinkedHashMap<>();
                        outputsOfEveryNode(parameters, buffer.testImages(scope, start, count))
                                .forEach((name, array) -> copied.put(name, array.toFloatArray()));
                        return copied;
                    });
                    values.forEach(sink::accept);
                }
            }
        }
    }

    /** The DJL block of node {@code name}, or null. */
    private Block nodeBlock(String name) {
        List<Block> children = sequentialChildren();
        if (children == null) {
            return null;
        }
        for (int i = 0; i < children.size(); i++) {
            if (spec.nodes().get(i).name().equals(name)) {
                return children.get(i);
            }
        }
        return null;
    }

    /** Every node's output for one input batch, in node order (empty when the block cannot be walked). */
    private Map<String, NDArray> outputsOfEveryNode(ParameterStore parameters, NDArray input) {
        List<Block> children = sequentialChildren();
        Map<String, NDArray> outputs = new LinkedHashMap<>();
        if (children == null) {
            return outputs;
        }
        NDList x = new NDList(input);
        for (int i = 0; i < children.size(); i++) {
            x = children.get(i).forward(parameters, x, false);
            outputs.put(spec.nodes().get(i).name(), x.singletonOrThrow());
        }
        return outputs;
    }

    /** The children of a SequentialBlock built from {@link #spec}, one per node; null otherwise. */
    private List<Block> sequentialChildren() {
        if (spec == null || !(block instanceof SequentialBlock sequential)) {
            return null;
        }
        List<Block> children = sequential.getChildren().values();
        return children.size() == spec.nodes().size() ? children : null;
    }
}
