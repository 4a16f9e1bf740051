package io.quantlab.deploy.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX graph being built: its inputs and outputs, operators in topological order, constant
 * tensors and the model's metadata. {@link OnnxModelWriter} turns it into a {@code .onnx} file.
 */
public final class OnnxGraph {

    /** Marks the symbolic batch dimension in {@link Value#dims}. */
    public static final long BATCH = -1;
    static final String BATCH_NAME = "N";

    /** A graph input or output: float or integer tensor of {@code dims}, {@link #BATCH} for the batch size. */
    public record Value(String name, int elementType, long[] dims) {}

    private final String name;
    private final List<Value> inputs = new ArrayList<>();
    private final List<Value> outputs = new ArrayList<>();
    private final List<OnnxNode> nodes = new ArrayList<>();
    private final Map<String, OnnxTensor> initializers = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    public OnnxGraph(String name) {
        this.name = name;
    }

    public void input(String tensor, int elementType, long... dims) {
        inputs.add(new Value(tensor, elementType, dims.clone()));
    }

    public void output(String tensor, int elementType, long... dims) {
        outputs.add(new Value(tensor, elementType, dims.clone()));
    }

    /** Adds an operator writing one tensor, {@code output}, which is returned. */
    public String node(String opType, String nodeName, List<String> in, String output, OnnxAttribute... attributes) {
        return documentedNode(opType, nodeName, "", in, output, attributes);
    }

    /** Like {@link #node(String, String, List, String, OnnxAttribute...)} with a note for readers of the file. */
    public String documentedNode(String opType, String nodeName, String doc, List<String> in, String output,
                                 OnnxAttribute... attributes) {
        nodes.add(new OnnxNode(opType, nodeName, in, List.of(output), Arrays.asList(attributes), doc));
        return output;
    }

    /** Adds an operator writing several tensors. */
    public void node(String opType, String nodeName, List<String> in, List<String> out, OnnxAttribute... attributes) {
        nodes.add(new OnnxNode(opType, nodeName, in, out, Arrays.asList(attributes), ""));
    }

    /** Adds a constant tensor (once: a second tensor of the same name must be equal) and returns its name. */
    public String constant(OnnxTensor tensor) {
        OnnxTensor earlier = initializers.putIfAbsent(tensor.name(), tensor);
        if (earlier != null && !(Arrays.equals(earlier.raw(), tensor.raw()) && Arrays.equals(earlier.dims(), tensor.dims()))) {
            throw new IllegalStateException("two different constants named " + tensor.name());
        }
        return tensor.name();
    }

    public boolean hasConstant(String tensorName) {
        return initializers.containsKey(tensorName);
    }

    public void metadata(String key, String value) {
        metadata.put(key, value);
    }

    public String name() {
        return name;
    }

    public List<Value> inputs() {
        return List.copyOf(inputs);
    }

    public List<Value> outputs() {
        return List.copyOf(outputs);
    }

    public List<OnnxNode> nodes() {
        return List.copyOf(nodes);
    }

    public List<OnnxTensor> initializers() {
        return List.copyOf(initializers.values());
    }

    public Map<String, String> metadata() {
        return Map.copyOf(metadata);
    }
}
