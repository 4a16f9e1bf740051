package io.quantlab.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A model as a small graph of named {@link Node}s, serializable with Jackson. The UI draws it, the
 * trainer builds a DJL block from it ({@link BlockBuilder}), and later stages (PTQ, ONNX export)
 * walk it. {@code inputShape} is one sample's [C, H, W], without the batch dimension.
 *
 * <p>The constructor checks the graph is well formed: unique names, each input names an earlier
 * node or {@value #INPUT}. It does not check shapes; {@link ModelShapes#of} does.
 */
public record ModelSpec(String name, List<Integer> inputShape, List<Node> nodes) {

    /** The name by which the first node refers to the model input. */
    public static final String INPUT = "input";

    public ModelSpec {
        inputShape = List.copyOf(inputShape);
        nodes = List.copyOf(nodes);
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
    }

    /** True when each node reads exactly the node before it (the first reads the input). */
    @JsonIgnore
    public boolean isSequential() {
        String previous = INPUT;
        for (Node node : nodes) {
            if (!node.inputs().equals(List.of(previous))) {
                return false;
            }
            previous = node.name();
        }
        return true;
    }
}
