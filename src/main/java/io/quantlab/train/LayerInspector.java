package io.quantlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.quantlab.data.Dataset;
import io.quantlab.model.GraphBlock;
import io.quantlab.model.ModelShapes;
import io.quantlab.model.ModelSpec;
import io.quantlab.torch.TorchThread;
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
 * <p>Shapes, parameters and MACs come from {@link ModelShapes}; per-node blocks and outputs from
 * the {@link GraphBlock} the model layer builds.
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
        return ModelShapes.of(spec).stream()
                .map(n -> new NodeInfo(n.name(), n.kind(), n.outputShape(), n.parameters(), n.macs()))
                .toList();
    }

    /** MACs of one inference through the main output (output 0). */
    long macs() {
        return spec == null ? 0 : ModelShapes.macs(spec);
    }

    /** MACs to compute output {@code index} alone; 0 without a spec. */
    long macsOfOutput(int index) {
        return spec == null ? 0 : ModelShapes.macsFor(spec, spec.outputNames().get(index));
    }

    /** MACs of every node: the cost of an image that does not leave at an early exit. */
    long macsOfAllNodes() {
        return nodeShapes().stream().mapToLong(NodeInfo::macs).sum();
    }

    /**
     * The per-layer table with weight histograms and activation histograms over the first
     * {@value #ACTIVATION_IMAGES} test images. Each forward pass runs on the {@link TorchThread}.
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
        for (int from = 0; from < images; from += ACTIVATION_BATCH) {
            Trainer.checkCancelled(listener);
            int count = Math.min(ACTIVATION_BATCH, images - from);
            int start = from;
            try (NDManager scope = manager.newSubManager()) {
                Map<String, float[]> values = TorchThread.call(() -> {
                    Map<String, float[]> copied = new LinkedHashMap<>();
                    outputsOfEveryNode(parameters, buffer.testImages(scope, start, count))
                            .forEach((name, array) -> copied.put(name, array.toFloatArray()));
                    return copied;
                });
                values.forEach(sink::accept);
            }
        }
    }

    /** The DJL block of node {@code name}, or null. */
    private Block nodeBlock(String name) {
        return block instanceof GraphBlock graph ? graph.nodeBlock(name) : null;
    }

    /** Every node's output for one input batch, in node order (empty when the block is not a graph). */
    private Map<String, NDArray> outputsOfEveryNode(ParameterStore parameters, NDArray input) {
        return block instanceof GraphBlock graph ? graph.forwardAll(parameters, new NDList(input), false)
                : new LinkedHashMap<>();
    }
}
