package io.quantlab.web;

import io.quantlab.model.ModelShapes;
import io.quantlab.model.ModelSpec;
import io.quantlab.model.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A ModelSpec drawn as SVG: one box per node, top to bottom in spec order; an edge from the row
 * just above is a short arrow, a longer one (a residual shortcut, an early-exit branch) an arc
 * on the right.
 */
public record ModelDiagram(int width, int height, List<Box> boxes, List<Edge> edges) {
    static final int ROW = 40;
    static final int BOX_HEIGHT = 30;
    static final int BOX_WIDTH = 300;
    static final int LEFT = 10;
    static final int ARC_STEP = 14;

    public record Box(int x, int y, int width, int height, String title, String detail, String kind) {
        public int textY() {
            return y + 19;
        }
    }

    public record Edge(String path) {
    }

    static ModelDiagram of(ModelSpec spec) {
        Map<String, Integer> row = new HashMap<>();
        Map<String, List<Integer>> shapes = ModelShapes.of(spec).stream()
                .collect(Collectors.toMap(ModelShapes.NodeShape::name, ModelShapes.NodeShape::outputShape));
        List<Box> boxes = new ArrayList<>();
        boxes.add(new Box(LEFT, 4, BOX_WIDTH, BOX_HEIGHT, "input", shape(spec.inputShape()), "Input"));
        row.put(ModelSpec.INPUT, 0);
        List<Edge> edges = new ArrayList<>();
        int arcs = 0;
        for (int i = 0; i < spec.nodes().size(); i++) {
            Node node = spec.nodes().get(i);
            int r = i + 1;
            row.put(node.name(), r);
            List<Integer> in = ModelSpec.INPUT.equals(node.inputs().get(0)) ? spec.inputShape()
                    : shapes.get(node.inputs().get(0));
            boxes.add(new Box(LEFT, 4 + r * ROW, BOX_WIDTH, BOX_HEIGHT, node.name(),
                    detail(node, in, shapes.get(node.name())), node.kind()));
            for (String input : node.inputs()) {
                int from = row.get(input);
                int x = LEFT + BOX_WIDTH / 2;
                if (from == r - 1) {
                    edges.add(new Edge("M" + x + " " + (4 + from * ROW + BOX_HEIGHT) + " V" + (4 + r * ROW)));
                } else {
                    int right = LEFT + BOX_WIDTH;
                    int bulge = right + ARC_STEP * (1 + arcs++ % 4);
                    int y1 = 4 + from * ROW + BOX_HEIGHT / 2;
                    int y2 = 4 + r * ROW + BOX_HEIGHT / 2;
                    edges.add(new Edge("M" + right + " " + y1 + " C" + bulge + " " + y1 + " " + bulge + " " + y2
                            + " " + right + " " + y2));
                }
            }
        }
        int width = LEFT + BOX_WIDTH + ARC_STEP * 5 + 10;
        return new ModelDiagram(width, 4 + (spec.nodes().size() + 1) * ROW, boxes, edges);
    }

    /**
     * What a box says besides the node's name: its kind and output shape, or for a pooling layer its
     * window, stride and the map it shrinks, e.g. "AvgPool 4×4, stride 1 (7×7→4×4)": a fixed pool
     * to 4×4 is not an adaptive one, and the difference shows in the windows.
     */
    static String detail(Node node, List<Integer> in, List<Integer> out) {
        if (node instanceof Node.AvgPool2d p) {
            return pool("AvgPool", p.kernel(), p.stride(), p.padding(), in, out);
        } else if (node instanceof Node.MaxPool2d p) {
            return pool("MaxPool", p.kernel(), p.stride(), p.padding(), in, out);
        }
        return node.kind() + " → " + shape(out);
    }

    private static String pool(String kind, int kernel, int stride, int padding, List<Integer> in,
                               List<Integer> out) {
        return kind + " " + kernel + "×" + kernel + ", stride " + stride + (padding > 0 ? ", padding " + padding : "")
                + " (" + plane(in) + "→" + plane(out) + ")";
    }

    /** Height×width of a [C, H, W] shape. */
    private static String plane(List<Integer> chw) {
        return chw == null || chw.size() != 3 ? "?" : chw.get(1) + "×" + chw.get(2);
    }

    private static String shape(List<Integer> dims) {
        return dims == null ? "?" : dims.stream().map(String::valueOf).collect(Collectors.joining("×"));
    }

    /** The kind in lower case, for a CSS class. */
    public static String cssKind(String kind) {
        return kind.toLowerCase(Locale.ROOT);
    }
}
