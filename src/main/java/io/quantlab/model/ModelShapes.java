package io.quantlab.model;

import io.quantlab.InvalidInputException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Output shape and trainable parameter count of every node, computed from the spec alone (no
 * DJL), with the same rules as PyTorch. Also the shape check of a spec: a Linear on an image or a
 * pool larger than its input is reported here with the node's name.
 */
public final class ModelShapes {

    /** One node's output shape per sample (no batch dimension) and its trainable parameters. */
    public record NodeShape(String name, String kind, List<Integer> outputShape, long parameters) {}

    private ModelShapes() {}

    /** Shapes in node order; the last is the model output. */
    public static List<NodeShape> of(ModelSpec spec) {
        Map<String, List<Integer>> shapes = new HashMap<>();
        shapes.put(ModelSpec.INPUT, spec.inputShape());
        List<NodeShape> result = new ArrayList<>();
        for (Node node : spec.nodes()) {
            if (node.inputs().size() != 1) {
                throw invalid(spec, node, "needs exactly one input, has " + node.inputs().size());
            }
            List<Integer> in = shapes.get(node.inputs().get(0));
            NodeShape shape = shape(spec, node, in);
            shapes.put(node.name(), shape.outputShape());
            result.add(shape);
        }
        return result;
    }

    /** Trainable parameters of the whole model (BatchNorm running statistics excluded). */
    public static long parameterCount(ModelSpec spec) {
        return of(spec).stream().mapToLong(NodeShape::parameters).sum();
    }

    private static NodeShape shape(ModelSpec spec, Node node, List<Integer> in) {
        String name = node.name();
        String kind = node.kind();
        if (node instanceof Node.Conv2d c) {
            int[] chw = image(spec, node, in);
            check(spec, node, c.outChannels() >= 1 && c.kernel() >= 1 && c.stride() >= 1 && c.padding() >= 0);
            long params = (long) c.outChannels() * chw[0] * c.kernel() * c.kernel() + (c.bias() ? c.outChannels() : 0);
            return new NodeShape(name, kind, List.of(c.outChannels(),
                    spatial(spec, node, chw[1], c.kernel(), c.stride(), c.padding()),
                    spatial(spec, node, chw[2], c.kernel(), c.stride(), c.padding())), params);
        } else if (node instanceof Node.BatchNorm2d b) {
            int[] chw = image(spec, node, in);
            check(spec, node, b.eps() > 0 && b.momentum() >= 0 && b.momentum() <= 1);
            return new NodeShape(name, kind, in, 2L * chw[0]);
        } else if (node instanceof Node.MaxPool2d p) {
            return pool(spec, node, in, p.kernel(), p.stride(), p.padding());
        } else if (node instanceof Node.AvgPool2d p) {
            return pool(spec, node, in, p.kernel(), p.stride(), p.padding());
        } else if (node instanceof Node.GlobalAvgPool) {
            return new NodeShape(name, kind, List.of(image(spec, node, in)[0]), 0);
        } else if (node instanceof Node.Flatten) {
            return new NodeShape(name, kind, List.of(in.stream().reduce(1, (a, b) -> a * b)), 0);
        } else if (node instanceof Node.Linear l) {
            if (in.size() != 1) {
                throw invalid(spec, node, "needs a flat input (add a Flatten before it), gets " + in);
            }
            check(spec, node, l.outFeatures() >= 1);
            long params = (long) in.get(0) * l.outFeatures() + (l.bias() ? l.outFeatures() : 0);
            return new NodeShape(name, kind, List.of(l.outFeatures()), params);
        } else if (node instanceof Node.Dropout d) {
            check(spec, node, d.rate() >= 0 && d.rate() < 1);
            return new NodeShape(name, kind, in, 0);
        } else if (node instanceof Node.ReLU || node instanceof Node.ReLU6) {
            return new NodeShape(name, kind, in, 0);
        }
        throw new IllegalStateException("no shape rule for " + kind);
    }

    private static NodeShape pool(ModelSpec spec, Node node, List<Integer> in, int kernel, int stride, int padding) {
        int[] chw = image(spec, node, in);
        check(spec, node, kernel >= 1 && stride >= 1 && padding >= 0 && 2 * padding <= kernel);
        return new NodeShape(node.name(), node.kind(), List.of(chw[0],
                spatial(spec, node, chw[1], kernel, stride, padding),
                spatial(spec, node, chw[2], kernel, stride, padding)), 0);
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
