package io.quantlab.model;

import io.quantlab.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The models a user can pick, as {@link ModelSpec} builders sized to a data set: input
 * [C, H, W] and class count come from the data, a few options (widths, depth) from the user.
 * All are small enough to train on a CPU in minutes.
 */
public final class ModelZoo {

    public static final String MLP = "mlp";
    public static final String SMALL_CNN = "small-cnn";
    public static final String SEMINAR_CNN = "seminar-cnn";
    public static final String LENET5 = "lenet5";
    public static final String RESNET_MINI = "resnet-mini";
    public static final String MOBILENETV2_MINI = "mobilenetv2-mini";
    public static final String EARLY_EXIT_CNN = "early-exit-cnn";

    /** A model's one-line summary and its options, for the training form and the Models page. */
    public record Description(String name, String summary, List<ModelOption> options) {
        /** Summary and options in one line. */
        public String text() {
            if (options.isEmpty()) {
                return summary + " No options.";
            }
            return summary + " Options: " + options.stream()
                    .map(o -> o.name() + " = " + o.meaning() + ", " + o.range() + " (default " + o.defaultText() + ")")
                    .collect(Collectors.joining("; ")) + ".";
        }
    }

    @FunctionalInterface
    private interface Builder {
        ModelSpec build(List<Integer> input, int classes, ModelOption.Values options);
    }

    private record Entry(Description description, Builder builder) {}

    private static final Map<String, Entry> MODELS = new LinkedHashMap<>();

    static {
        add(MLP, "Flatten, fully connected layers with ReLU, and a linear classifier (784-256-10 on Fashion-MNIST).",
                ModelZoo::mlp, new ModelOption.WholeList("hidden", 1, 4, 8, 2048, List.of(256),
                        "widths of the hidden layers"));
        add(SMALL_CNN, "Three 3x3 conv+BN+ReLU stages of 32, 64, 128 channels, 2x2 max-pools after the first"
                + " two, an average pool to 4x4 and a linear classifier. The pool has a fixed window: on 28x28"
                + " images it averages 4x4 windows at stride 1 over the 7x7 map (AvgPool2d(4, stride=1)), not the"
                + " windows 2, 3, 3 and 2 wide of PyTorch's AdaptiveAvgPool2d((4, 4)), which PyTorch 1.13 cannot"
                + " export to ONNX.", ModelZoo::smallCnn);
        add(SEMINAR_CNN, "The seminar CNN: three 3x3 conv+BN+ReLU stages of 16, 32, 64 channels, max-pools after"
                + " the first two, adaptive average pool to 1x1 and a linear classifier.", ModelZoo::seminarCnn);
        add(LENET5, "LeNet-5: conv 6@5x5, pool, conv 16@5x5, pool, fully connected 120, 84 and the classes"
                + " (ReLU, average pools; 28x28 images padded by 2).", ModelZoo::lenet5);
        add(RESNET_MINI, "A small ResNet: 3x3 conv stem, three stages of basic residual blocks (width, 2x, 4x"
                + " channels; stride 2 between stages; 1x1 projection shortcuts where the shape changes),"
                + " global average pool, linear classifier.", ModelZoo::resnetMini,
                new ModelOption.Whole("width", 8, 64, 16, "channels of the first stage"),
                new ModelOption.Whole("blocks", 1, 3, 1, "residual blocks per stage"));
        add(MOBILENETV2_MINI, "A small MobileNetV2: inverted residual blocks (1x1 expand + ReLU6, 3x3 depthwise"
                + " + ReLU6, 1x1 linear projection, residual Add when shapes match), global average pool,"
                + " linear classifier.", ModelZoo::mobileNetV2Mini,
                new ModelOption.Decimal("widthMultiplier", 0.25, 2.0, 1.0, "scales every layer's channels"),
                new ModelOption.Whole("expansion", 1, 6, 4, "expansion factor of the inverted residuals"));
        add(EARLY_EXIT_CNN, "A CNN with two classifiers: output 0 after three conv+BN+ReLU stages, output 1 (the"
                + " early exit: global average pool and linear) after the first stage.", ModelZoo::earlyExitCnn);
    }

    private static void add(String name, String summary, Builder builder, ModelOption... options) {
        MODELS.put(name, new Entry(new Description(name, summary, List.of(options)), builder));
    }

    private ModelZoo() {}

    public static List<String> names() {
        return List.copyOf(MODELS.keySet());
    }

    /** @throws InvalidInputException (field "model") for an unknown name */
    public static Description describe(String name) {
        return entry(name).description();
    }

    /** The model {@code name} with default options. */
    public static ModelSpec build(String name, int channels, int height, int width, int classes) {
        return build(name, Map.of(), channels, height, width, classes);
    }

    /**
     * The model {@code name} for images of {@code channels}×{@code height}×{@code width} and
     * {@code classes} outputs, with {@code options} (null or empty = defaults; see {@link #describe}).
     *
     * @throws InvalidInputException field "model" for an unknown name or images the model cannot take,
     *     field "modelOptions" for an unknown option or a value out of range
     */
    public static ModelSpec build(String name, Map<String, Object> options, int channels, int height, int width,
                                  int classes) {
        Entry entry = entry(name);
        if (channels < 1 || height < 1 || width < 1 || classes < 2) {
            throw new InvalidInputException("model", "Model " + name + " needs images of at least 1x1x1 and"
                    + " 2 or more classes, got " + channels + "x" + height + "x" + width + " and " + classes);
        }
        ModelOption.Values values = ModelOption.resolve(name, entry.description().options(), options);
        ModelSpec spec = entry.builder().build(List.of(channels, height, width), classes, values);
        try {
            ModelShapes.of(spec);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("model", "Model " + name + " does not fit images of " + channels + "x"
                    + height + "x" + width + " (" + e.getMessage() + ")");
        }
        return spec;
    }

    private static Entry entry(String name) {
        Entry entry = MODELS.get(name);
        if (entry == null) {
            throw new InvalidInputException("model",
                    "Unknown model " + InvalidInputException.quote(name) + "; choose one of: " + String.join(", ", MODELS.keySet()) + ".");
        }
        return entry;
    }

    /**
     * Flatten, then Linear + ReLU per hidden width, then Linear to the classes. The default
     * [256] is 784-256-10 on Fashion-MNIST, 203,530 parameters.
     */
    private static ModelSpec mlp(List<Integer> input, int classes, ModelOption.Values options) {
        Graph g = new Graph();
        g.add(new Node.Flatten("flatten", g.last()));
        List<Integer> hidden = options.wholes("hidden");
        for (int i = 0; i < hidden.size(); i++) {
            g.add(new Node.Linear("fc" + (i + 1), g.last(), hidden.get(i), true));
            g.add(new Node.ReLU("relu" + (i + 1), g.last()));
        }
        g.add(new Node.Linear("fc" + (hidden.size() + 1), g.last(), classes, true));
        return g.spec(MLP, input);
    }

    /**
     * Three 3×3 conv + BN + ReLU stages of 32, 64 and 128 channels, max-pool 2 after the first two
     * (28 → 14 → 7), then an average pool to a 4×4 map and one Linear: 128·4·4 = 2048 → classes.
     *
     * <p>"avgpool 4×4" is read as "pool to 4×4" with a fixed kernel k and stride s such that
     * (n − k)/s + 1 = 4: s = ⌊n/4⌋, k = n − 3s. On 7×7 that is a 4×4 kernel at stride 1, so both
     * readings (4×4 kernel, 4×4 output) hold; when n is a multiple of 4 it equals PyTorch's
     * AdaptiveAvgPool2d(4). On 7×7 it does not: the adaptive pool's windows are 2, 3, 3 and 2
     * wide, and PyTorch 1.13 cannot export that to ONNX, while a fixed pool exports as a plain
     * AveragePool. The overlapping windows cost accuracy (issue 11: PyTorch reached 90.50 % with
     * this pool, 91.00–91.25 % with the adaptive one, after 3 epochs of SGD); the description says
     * so. Convolutions have no bias because the BatchNorm after them has its own.
     */
    private static ModelSpec smallCnn(List<Integer> input, int classes, ModelOption.Values options) {
        int height = input.get(1) / 4;
        int width = input.get(2) / 4;
        if (height < 4 || width < 4) {
            throw new InvalidInputException("model", "Model " + SMALL_CNN + " needs images of at least 16x16, got "
                    + input.get(1) + "x" + input.get(2) + "; use " + MLP + ".");
        }
        Graph g = new Graph();
        int[] channels = {32, 64, 128};
        for (int i = 0; i < channels.length; i++) {
            int stage = i + 1;
            g.convBnAct("conv" + stage, "bn" + stage, "relu" + stage, channels[i], 3, 1, 1, false);
            if (stage < channels.length) {
                g.add(new Node.MaxPool2d("pool" + stage, g.last(), 2, 2, 0));
            }
        }
        int side = Math.min(height, width);
        int stride = side / 4;
        g.add(new Node.AvgPool2d("avgpool", g.last(), side - 3 * stride, stride, 0));
        g.add(new Node.Flatten("flatten", g.last()));
        g.add(new Node.Linear("fc", g.last(), classes, true));
        return g.spec(SMALL_CNN, input);
    }

    /**
     * The seminar CNN with BN (the "seed 004" CNN): three 3×3 conv + BN + ReLU stages,
     * max-pool 2 after the first two, AdaptiveAvgPool2d(1) (here GlobalAvgPool, which also
     * flattens) and one Linear. The issue gives no widths; 16, 32, 64 keep it a quarter of the
     * small CNN's cost, ~2 M MACs on Fashion-MNIST.
     */
    private static ModelSpec seminarCnn(List<Integer> input, int classes, ModelOption.Values options) {
        Graph g = new Graph();
        int[] channels = {16, 32, 64};
        for (int i = 0; i < channels.length; i++) {
            int stage = i + 1;
            g.convBnAct("conv" + stage, "bn" + stage, "relu" + stage, channels[i], 3, 1, 1, false);
            if (stage < channels.length) {
                g.add(new Node.MaxPool2d("pool" + stage, g.last(), 2, 2, 0));
            }
        }
        g.add(new Node.GlobalAvgPool("avgpool", g.last()));
        g.add(new Node.Linear("fc", g.last(), classes, true));
        return g.spec(SEMINAR_CNN, input);
    }

    /**
     * LeNet-5 (LeCun et al. 1998) as usually trained today: ReLU for the squashing functions, 2×2
     * average pools for the subsampling layers, full C3 connections. Images smaller than 32×32
     * get padding 2 in the first convolution, so 28×28 behaves like the original 32×32 input and
     * the first fully connected layer sees 16·5·5 = 400 features.
     */
    private static ModelSpec lenet5(List<Integer> input, int classes, ModelOption.Values options) {
        int padding = Math.min(input.get(1), input.get(2)) < 32 ? 2 : 0;
        Graph g = new Graph();
        g.add(new Node.Conv2d("conv1", g.last(), 6, 5, 1, padding, true));
        g.add(new Node.ReLU("relu1", g.last()));
        g.add(new Node.AvgPool2d("pool1", g.last(), 2, 2, 0));
        g.add(new Node.Conv2d("conv2", g.last(), 16, 5, 1, 0, true));
        g.add(new Node.ReLU("relu2", g.last()));
        g.add(new Node.AvgPool2d("pool2", g.last(), 2, 2, 0));
        g.add(new Node.Flatten("flatten", g.last()));
        g.add(new Node.Linear("fc1", g.last(), 120, true));
        g.add(new Node.ReLU("relu3", g.last()));
        g.add(new Node.Linear("fc2", g.last(), 84, true));
        g.add(new Node.ReLU("relu4", g.last()));
        g.add(new Node.Linear("fc3", g.last(), classes, true));
        return g.spec(LENET5, input);
    }

    /**
     * The CIFAR ResNet of He et al. 2016 (§4.2) made small: a 3×3 conv stem, three stages of
     * {@code blocks} basic blocks with {@code width}, 2·width and 4·width channels (the first
     * block of stages 2 and 3 has stride 2), global average pool, Linear. A basic block is
     * conv3×3-BN-ReLU-conv3×3-BN, added to its input (or to a 1×1 conv + BN projection of it when
     * the shape changes), then ReLU. With blocks = 3 and width 16 it is ResNet-20 with projection
     * shortcuts.
     */
    private static ModelSpec resnetMini(List<Integer> input, int classes, ModelOption.Values options) {
        int width = options.whole("width");
        int blocks = options.whole("blocks");
        Graph g = new Graph();
        g.convBnAct("stem_conv", "stem_bn", "stem_relu", width, 3, 1, 1, false);
        int channels = width;
        for (int stage = 1; stage <= 3; stage++) {
            int out = width << (stage - 1);
            for (int block = 1; block <= blocks; block++) {
                int stride = stage > 1 && block == 1 ? 2 : 1;
                String p = "s" + stage + "b" + block + "_";
                List<String> in = g.last();
                g.convBnAct(p + "conv1", p + "bn1", p + "relu1", out, 3, stride, 1, false);
                g.add(new Node.Conv2d(p + "conv2", g.last(), out, 3, 1, 1, false));
                g.add(new Node.BatchNorm2d(p + "bn2", g.last(), 1e-5, 0.1));
                String residual = g.last().get(0);
                String shortcut = in.get(0);
                if (stride != 1 || channels != out) {
                    g.add(new Node.Conv2d(p + "proj", in, out, 1, stride, 0, false));
                    g.add(new Node.BatchNorm2d(p + "proj_bn", g.last(), 1e-5, 0.1));
                    shortcut = g.last().get(0);
                }
                g.add(new Node.Add(p + "add", List.of(residual, shortcut)));
                g.add(new Node.ReLU(p + "relu", g.last()));
                channels = out;
            }
        }
        g.add(new Node.GlobalAvgPool("pool", g.last()));
        g.add(new Node.Linear("fc", g.last(), classes, true));
        return g.spec(RESNET_MINI, input);
    }

    /** (output channels, blocks, stride of the first block) per stage, before the width multiplier. */
    private static final int[][] MOBILENET_STAGES = {{16, 1, 1}, {24, 2, 2}, {32, 2, 2}, {64, 2, 1}};
    private static final int MOBILENET_STEM = 16;
    private static final int MOBILENET_HEAD = 256;

    /**
     * MobileNetV2 (Sandler et al. 2018) cut down for 28–64 pixel images: a 3×3 stem at stride 2,
     * four stages of inverted residual blocks (16, 24, 32, 64 channels; 1, 2, 2, 2 blocks; strides
     * 1, 2, 2, 1, so 28 → 14 → 14 → 7 → 4 → 4), a 1×1 conv to 256 channels, global average pool,
     * Linear. An inverted residual is 1×1 expand (× {@code expansion}) + BN + ReLU6, 3×3 depthwise
     * (groups = channels) + BN + ReLU6, 1×1 projection + BN with no activation (the linear
     * bottleneck), plus its input when the stride is 1 and the channels match. Channels are scaled
     * by {@code widthMultiplier} and rounded to a multiple of 8, as in the paper's code. (A stride-1
     * stem would cost 4× the MACs and make an epoch ~5× slower than the small CNN on a CPU, where
     * depthwise convolutions are slow.)
     */
    private static ModelSpec mobileNetV2Mini(List<Integer> input, int classes, ModelOption.Values options) {
        double multiplier = options.decimal("widthMultiplier");
        int expansion = options.whole("expansion");
        Graph g = new Graph();
        int channels = roundToEight(MOBILENET_STEM * multiplier);
        g.convBnAct6("stem_conv", "stem_bn", "stem_relu", channels, 3, 2, 1, 1);
        for (int stage = 0; stage < MOBILENET_STAGES.length; stage++) {
            int out = roundToEight(MOBILENET_STAGES[stage][0] * multiplier);
            for (int block = 1; block <= MOBILENET_STAGES[stage][1]; block++) {
                int stride = block == 1 ? MOBILENET_STAGES[stage][2] : 1;
                String p = "s" + (stage + 1) + "b" + block + "_";
                List<String> in = g.last();
                int hidden = channels * expansion;
                if (expansion > 1) {
                    g.convBnAct6(p + "expand", p + "expand_bn", p + "expand_relu", hidden, 1, 1, 0, 1);
                }
                g.convBnAct6(p + "dw", p + "dw_bn", p + "dw_relu", hidden, 3, stride, 1, hidden);
                g.add(new Node.Conv2d(p + "project", g.last(), out, 1, 1, 0, false));
                g.add(new Node.BatchNorm2d(p + "project_bn", g.last(), 1e-5, 0.1));
                if (stride == 1 && channels == out) {
                    g.add(new Node.Add(p + "add", List.of(g.last().get(0), in.get(0))));
                }
                channels = out;
            }
        }
        g.convBnAct6("head_conv", "head_bn", "head_relu", roundToEight(MOBILENET_HEAD * multiplier), 1, 1, 0, 1);
        g.add(new Node.GlobalAvgPool("pool", g.last()));
        g.add(new Node.Linear("fc", g.last(), classes, true));
        return g.spec(MOBILENETV2_MINI, input);
    }

    /** The nearest multiple of 8, at least 8 and not below 90% of {@code channels} (MobileNet's make_divisible). */
    private static int roundToEight(double channels) {
        int rounded = Math.max(8, (int) (channels + 4) / 8 * 8);
        return rounded < 0.9 * channels ? rounded + 8 : rounded;
    }

    /**
     * Three 3×3 conv + BN + ReLU stages of 32, 64, 128 channels with max-pools after the first two,
     * global average pool and Linear (output 0, "fc"); after the first stage's pool, a side
     * classifier of global average pool and Linear (output 1, "exit1_fc") costs almost nothing:
     * an image it is confident about can leave there (BranchyNet, Teerapittayanon et al. 2016).
     */
    private static ModelSpec earlyExitCnn(List<Integer> input, int classes, ModelOption.Values options) {
        Graph g = new Graph();
        g.convBnAct("conv1", "bn1", "relu1", 32, 3, 1, 1, false);
        g.add(new Node.MaxPool2d("pool1", g.last(), 2, 2, 0));
        List<String> firstBlock = g.last();
        g.add(new Node.GlobalAvgPool("exit1_pool", firstBlock));
        g.add(new Node.Linear("exit1_fc", g.last(), classes, true));
        g.convBnAct("conv2", "bn2", "relu2", 64, 3, 1, 1, false, firstBlock);
        g.add(new Node.MaxPool2d("pool2", g.last(), 2, 2, 0));
        g.convBnAct("conv3", "bn3", "relu3", 128, 3, 1, 1, false);
        g.add(new Node.GlobalAvgPool("avgpool", g.last()));
        g.add(new Node.Linear("fc", g.last(), classes, true));
        return new ModelSpec(EARLY_EXIT_CNN, input, g.nodes, List.of("fc", "exit1_fc"));
    }

    /** Collects nodes; {@link #last()} is the input of the next node in a chain. */
    private static final class Graph {
        final List<Node> nodes = new ArrayList<>();

        /** The last node added (or the model input), as an input list. */
        List<String> last() {
            return List.of(nodes.isEmpty() ? ModelSpec.INPUT : nodes.get(nodes.size() - 1).name());
        }

        void add(Node node) {
            nodes.add(node);
        }

        void convBnAct(String conv, String bn, String relu, int out, int kernel, int stride, int padding,
                       boolean bias) {
            convBnAct(conv, bn, relu, out, kernel, stride, padding, bias, last());
        }

        void convBnAct(String conv, String bn, String relu, int out, int kernel, int stride, int padding,
                       boolean bias, List<String> input) {
            add(new Node.Conv2d(conv, input, out, kernel, stride, padding, bias));
            add(new Node.BatchNorm2d(bn, last(), 1e-5, 0.1));
            add(new Node.ReLU(relu, last()));
        }

        /** Conv (no bias) + BN + ReLU6, {@code groups} as in {@link Node.Conv2d}. */
        void convBnAct6(String conv, String bn, String relu, int out, int kernel, int stride, int padding,
                        int groups) {
            add(new Node.Conv2d(conv, last(), out, kernel, stride, padding, false, groups));
            add(new Node.BatchNorm2d(bn, last(), 1e-5, 0.1));
            add(new Node.ReLU6(relu, last()));
        }

        ModelSpec spec(String name, List<Integer> input) {
            return new ModelSpec(name, input, nodes);
        }
    }
}
