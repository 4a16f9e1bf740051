package io.quantlab.model;

import io.quantlab.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/** The models a user can pick, as {@link ModelSpec} builders sized to a data set. */
public final class ModelZoo {

    public static final String MLP = "mlp";
    public static final String SMALL_CNN = "small-cnn";
    private static final List<String> NAMES = List.of(MLP, SMALL_CNN);

    private ModelZoo() {}

    public static List<String> names() {
        return NAMES;
    }

    /**
     * The model {@code name} for images of {@code channels}×{@code height}×{@code width} and
     * {@code classes} outputs.
     *
     * @throws InvalidInputException (field "model") for an unknown name or images the model cannot take
     */
    public static ModelSpec build(String name, int channels, int height, int width, int classes) {
        if (channels < 1 || height < 1 || width < 1 || classes < 2) {
            throw new InvalidInputException("model", "Model " + name + " needs images of at least 1x1x1 and"
                    + " 2 or more classes, got " + channels + "x" + height + "x" + width + " and " + classes);
        }
        List<Integer> input = List.of(channels, height, width);
        if (MLP.equals(name)) {
            return mlp(input, classes);
        }
        if (SMALL_CNN.equals(name)) {
            return smallCnn(input, classes);
        }
        throw new InvalidInputException("model",
                "Unknown model '" + name + "'; choose one of: " + String.join(", ", NAMES) + ".");
    }

    /** Flatten, Linear 256, ReLU, Linear classes: 784-256-10 on Fashion-MNIST, 203,530 parameters. */
    private static ModelSpec mlp(List<Integer> input, int classes) {
        Chain chain = new Chain();
        chain.add(new Node.Flatten("flatten", chain.in()));
        chain.add(new Node.Linear("fc1", chain.in(), 256, true));
        chain.add(new Node.ReLU("relu1", chain.in()));
        chain.add(new Node.Linear("fc2", chain.in(), classes, true));
        return new ModelSpec(MLP, input, chain.nodes);
    }

    /**
     * Three 3×3 conv + BN + ReLU stages of 32, 64 and 128 channels, max-pool 2 after the first two
     * (28 → 14 → 7), then an average pool to a 4×4 map and one Linear: 128·4·4 = 2048 → classes.
     *
     * <p>"avgpool 4×4" is read as "pool to 4×4" with a fixed kernel k and stride s such that
     * (n − k)/s + 1 = 4: s = ⌊n/4⌋, k = n − 3s. On 7×7 that is a 4×4 kernel at stride 1, so both
     * readings (4×4 kernel, 4×4 output) hold; when n is a multiple of 4 it equals PyTorch's
     * AdaptiveAvgPool2d(4). A fixed pool exports to ONNX as a plain AveragePool. Convolutions have
     * no bias because the BatchNorm after them has its own.
     */
    private static ModelSpec smallCnn(List<Integer> input, int classes) {
        int height = input.get(1) / 4;
        int width = input.get(2) / 4;
        if (height < 4 || width < 4) {
            throw new InvalidInputException("model", "Model " + SMALL_CNN + " needs images of at least 16x16, got "
                    + input.get(1) + "x" + input.get(2) + "; use " + MLP + ".");
        }
        Chain chain = new Chain();
        int[] channels = {32, 64, 128};
        for (int i = 0; i < channels.length; i++) {
            int stage = i + 1;
            chain.add(new Node.Conv2d("conv" + stage, chain.in(), channels[i], 3, 1, 1, false));
            chain.add(new Node.BatchNorm2d("bn" + stage, chain.in(), 1e-5, 0.1));
            chain.add(new Node.ReLU("relu" + stage, chain.in()));
            if (stage < channels.length) {
                chain.add(new Node.MaxPool2d("pool" + stage, chain.in(), 2, 2, 0));
            }
        }
        int side = Math.min(height, width);
        int stride = side / 4;
        chain.add(new Node.AvgPool2d("avgpool", chain.in(), side - 3 * stride, stride, 0));
        chain.add(new Node.Flatten("flatten", chain.in()));
        chain.add(new Node.Linear("fc", chain.in(), classes, true));
        return new ModelSpec(SMALL_CNN, input, chain.nodes);
    }

    /** Builds a sequential node list: each node reads the one added before it. */
    private static final class Chain {
        final List<Node> nodes = new ArrayList<>();

        List<String> in() {
            return List.of(nodes.isEmpty() ? ModelSpec.INPUT : nodes.get(nodes.size() - 1).name());
        }

        void add(Node node) {
            nodes.add(node);
        }
    }
}
