package io.quantlab.model;

import io.quantlab.InvalidInputException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Output shape, trainable parameter count and multiply-accumulates (MACs) of every node, computed
 * from the spec alone (no DJL), with the same rules as PyTorch. Also the shape check of a spec: a
 * Linear on an image or a pool larger than its input is reported here with the node's name.
 *
 * <p>MACs per image, counted the usual way (as in the MobileNet and ResNet papers' "mult-adds"):
 * a convolution costs C_out·H_out·W_out·(C_in/groups)·k·k, a Linear in·out; bias additions,
 * BatchNorm (folded into the convolution before deployment), activations, pooling, Add, Flatten
 * and Dropout count 0.
 */
public final class ModelShapes {

    /**
     * One node's output shape per sample (no batch dimension), its trainable parameters (BatchNorm
     * running statistics excluded) and its MACs per sample.
     */
    public record NodeShape(String name, String kind, List<Integer> outputShape, long parameters, long macs) {}

    private ModelShapes() {}

    /** Shapes in node order. */
    public static List<NodeShape> of(ModelSpec spec) {
        Map<String, List<Integer>> shapes = new HashMap<>();
        shapes.put(ModelSpec.INPUT, spec.inputShape());
        List<NodeShape> result = new ArrayList<>();
        for (Node node : spec.nodes()) {
            List<List<Integer>> in = node.inputs().stream().map(shapes::get).toList();
            if (!(node instanceof Node.Add) && in.size() != 1) {
                throw invalid(spec, node, "needs exactly one input, has " + in.size());
            }
            NodeShape shape = shape(spec, node, in);
            shapes.put(node.name(), shape.outputShape());
            result.add(shape);
        }
        return result;
    }

    /** Trainable parameters of the whole model, all outputs included. */
    public static long parameterCount(ModelSpec spec) {
        return of(spec).stream().mapToLong(NodeShape::parameters).sum();
    }

    /** MACs of one inference through output 0, the main classifier. */
    public static long macs(ModelSpec spec) {
        return macsFor(spec, spec.outputNames().get(0));
    }

    /**
     * MACs needed to compute node {@code output} alone: the node and everything it depends on. For
     * an early exit this is the cost of leaving the network there.
     *
     * @throws IllegalArgumentException when the spec has no node of that name
     */
    public static long macsFor(ModelSpec spec, String output) {
        if (spec.node(output) == null) {
            throw new IllegalArgumentException("model " + spec.name() + " has no node '" + output + "'");
        }
        Set<String> needed = ancestors(spec, output);
        return of(spec).stream().filter(s -> needed.contains(s.name())).mapToLong(NodeShape::macs).sum();
    }

    /** {@code name} and every node it reads, directly or not. */
    static Set<String> ancestors(ModelSpec spec, String name) {
        Set<String> needed = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>(List.of(name));
        while (!pending.isEmpty()) {
            String next = pending.pop();
            if (!ModelSpec.INPUT.equals(next) && needed.add(next)) {
                pending.addAll(spec.node(next).inputs());
            }
        }
        return needed;
    }

    private static NodeShape shape(ModelSpec spec, Node node, List<List<Integer>> inputs) {
        String name = node.name();
        String kind = node.kind();
        List<Integer> in = inputs.get(0);
        if (node instanceof Node.Conv2d c) {
            int[] chw = image(spec, node, in);
            check(spec, node, c.outChannels() >= 1 && c.kernel() >= 1 && c.stride() >= 1 && c.padding() >= 0
                    && c.groups() >= 1);
            if (chw[0] % c.groups() != 0 || c.outChannels() % c.groups() != 0) {
                throw invalid(spec, node, "has " + c.groups() + " groups, which must divide both its "
                        + chw[0] + " input and " + c.outChannels() + " output channels");
            }
            int height = spatial(spec, node, chw[1], c.kernel(), c.stride(), c.padding());
            int width = spatial(spec, node, chw[2], c.kernel(), c.stride(), c.padding());
            long perOutput = (long) (chw[0] / c.groups()) * c.kernel() * c.kernel();
            long params = c.outChannels() * perOutput + (c.bias() ? c.outChannels() : 0);
            long macs = (long) c.outChannels() * height * width * perOutput;
            return new NodeShape(name, kind, List.of(c.outChannels(), height, width), params, macs);
        } else if (node instanceof Node.BatchNorm2d b) {
            int[] chw = image(spec, node, in);
            check(spec, node, b.eps() > 0 && b.momentum() >= 0 && b.momentum() <= 1);
            return new NodeShape(name, kind, in, 2L * chw[0], 0);
        } else if (node instanceof Node.MaxPool2d p) {
            return pool(spec, node, in, p.kernel(), p.stride(), p.padding());
        } else if (node instanceof Node.AvgPool2d p) {
            return pool(spec, node, in, p.kernel(), p.stride(), p.padding());
        } else if (node instanceof Node.GlobalAvgPool) {
            return new NodeShape(name, kind, List.of(image(spec, node, in)[0]), 0, 0);
        } else if (node instanceof Node.Flatten) {
            return new NodeShape(name, kind, List.of(in.stream().reduce(1, (a, b) -> a * b)), 0, 0);
        } else if (node instanceof Node.Linear l) {
            if (in.size() != 1) {
                throw invalid(spec, node, "needs a flat input (add a Flatten before it), gets " + in);
            }
            check(spec, node, l.outFeatures() >= 1);
            long weights = (long) in.get(0) * l.outFeatures();
            long params = weights + (l.bias() ? l.outFeatures() : 0);
            return new NodeShape(name, kind, List.of(l.outFeatures()), params, weights);
        } else if (node instanceof Node.Dropout d) {
            check(spec, node, d.rate() >= 0 && d.rate() < 1);
            return new NodeShape(name, kind, in, 0, 0);
        } else if (node instanceof Node.ReLU || node instanceof Node.ReLU6) {
            return new NodeShape(name, kind, in, 0, 0);
        } else if (node instanceof Node.Add) {
            if (inputs.size() < 2) {
                throw invalid(spec, node, "needs two or more inputs, has " + inputs.size());
            }
            for (int i = 1; i < inputs.size(); i++) {
                if (!inputs.get(i).equals(in)) {
                    throw invalid(spec, node, "adds inputs of different shapes: " + node.inputs() + " are "
                            + inputs);
                }
            }
            return new NodeShape(name, kind, in, 0, 0);
        }
        throw new IllegalStateException("no shape rule for " + kind);
    }

    private static NodeShape pool(ModelSpec spec, Node node, List<Integer> in, int kernel, int stride, int padding) {
        int[] chw = image(spec, node, in);
        check(spec, node, kernel >= 1 && stride >= 1 && padding >= 0 && 2 * padding <= kernel);
        return new NodeShape(node.name(), node.kind(), List.of(chw[0],
                spatial(spec, node, chw[1], kernel, stride, padding),
                spatial(spec, node, chw[2], kernel, stride, padding)), 0, 0);
    }

    /** floor((size + 2·padding − kernel) / stride) + 1, PyTorch's rule without dilation. */
    private static int spatial(ModelSpec spec, Node node, int size, int kernel, int stride, int padding) {
        int padded = size + 2 * padding;
        if (kernel > padded) {
            throw invalid(spec, node, "kernel " + kernel + " is larger than its input (" + size
                    + " plus padding " + padding + ")");
        }
        return (padded - kernel) / stride + 1;
    }

    private static int[] image(ModelSpec spec, Node node, List<Integer> in) {
        if (in.size() != 3) {
            throw invalid(spec, node, "needs an image input [C, H, W], gets " + in);
        }
        return new int[] {in.get(0), in.get(1), in.get(2)};
    }

    private static void check(ModelSpec spec, Node node, boolean ok) {
        if (!ok) {
            throw invalid(spec, node, "has a parameter out of range: " + node);
        }
    }

    private static InvalidInputException invalid(ModelSpec spec, Node node, String problem) {
        return new InvalidInputException("model", "Model " + spec.name() + ": " + node.kind() + " '"
                + node.name() + "' " + problem + ".");
    }
}
