package io.quantlab.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A model as a small graph of named {@link Node}s, serializable with Jackson. The UI draws it, the
 * trainer builds a DJL block from it ({@link BlockBuilder}), and later stages (PTQ, ONNX export)
 * walk it. {@code inputShape} is one sample's [C, H, W], without the batch dimension.
 *
 * <p>{@code outputs} names the nodes whose values the model returns, in order: output 0 is the main
 * classifier, further ones are early exits. Empty (or absent in JSON) means the last node alone.
 *
 * <p>The constructor checks the graph is well formed: unique names, nodes listed so each input
 * names an earlier node or {@value #INPUT}, outputs name nodes. It does not check shapes;
 * {@link ModelShapes#of} does.
 */
public record ModelSpec(String name, List<Integer> inputShape, List<Node> nodes,
                        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> outputs) {

    /** The name by which the first node refers to the model input. */
    public static final String INPUT = "input";

    public ModelSpec {
        inputShape = List.copyOf(inputShape);
        nodes = List.copyOf(nodes);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        if (inputShape.size() != 3 || inputShape.stream().anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("inputShape must be [C, H, W] with positive sizes, got " + inputShape);
        }
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("model " + name + " has no nodes");
        }
        Set<String> seen = new HashSet<>(Set.of(INPUT));
        for (Node node : nodes) {
            if (node.name() == null || node.name().isBlank()) {
                throw new IllegalArgumentException("a " + node.kind() + " node has no name");
            }
            if (node.inputs().isEmpty()) {
                throw new IllegalArgumentException("node " + node.name() + " reads no input");
            }
            for (String input : node.inputs()) {
                if (!seen.contains(input)) {
                    throw new IllegalArgumentException("node " + node.name() + " reads '" + input
                            + "', which is neither '" + INPUT + "' nor an earlier node");
                }
            }
            if (!seen.add(node.name())) {
                throw new IllegalArgumentException("node name '" + node.name() + "' is used twice or reserved");
            }
        }
        Set<String> outputSet = new HashSet<>();
        for (String output : outputs) {
            if (INPUT.equals(output) || !seen.contains(output)) {
                throw new IllegalArgumentException("output '" + output + "' is not a node of model " + name);
            }
            if (!outputSet.add(output)) {
                throw new IllegalArgumentException("output '" + output + "' is listed twice");
            }
        }
    }

    /** A model with one output, its last node. */
    public ModelSpec(String name, List<Integer> inputShape, List<Node> nodes) {
        this(name, inputShape, nodes, List.of());
    }

    /** The output node names in order, {@code outputs} or else the last node's name. */
    @JsonIgnore
    public List<String> outputNames() {
        return outputs.isEmpty() ? List.of(nodes.get(nodes.size() - 1).name()) : outputs;
    }

    /** The node called {@code name}, or null. */
    public Node node(String name) {
        for (Node node : nodes) {
            if (node.name().equals(name)) {
                return node;
            }
        }
        return null;
    }

    /** The same graph for another input size (the zoo's models adapt; a Linear may then not fit). */
    public ModelSpec withInputShape(List<Integer> shape) {
        return new ModelSpec(name, shape, nodes, outputs);
    }

    /**
     * True when each node reads exactly the node before it (the first reads the input) and the
     * only output is the last node.
     */
    @JsonIgnore
    public boolean isSequential() {
        String previous = INPUT;
        for (Node node : nodes) {
            if (!node.inputs().equals(List.of(previous))) {
                return false;
            }
            previous = node.name();
        }
        return outputNames().equals(List.of(previous));
    }
}
