package io.quantlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ModelZooTest {

    static List<String> models() {
        return ModelZoo.names();
    }

    @Test
    void zooHasTheSevenModelsOfTheIssue() {
        assertEquals(List.of("mlp", "small-cnn", "seminar-cnn", "lenet5", "resnet-mini", "mobilenetv2-mini",
                "early-exit-cnn"), ModelZoo.names());
    }

    @ParameterizedTest
    @MethodSource("models")
    void everyModelFitsFashionMnistAndCifar100(String name) {
        for (int[] data : new int[][] {{1, 28, 28, 10}, {3, 32, 32, 100}}) {
            ModelSpec spec = ModelZoo.build(name, data[0], data[1], data[2], data[3]);
            assertEquals(List.of(data[0], data[1], data[2]), spec.inputShape());
            List<ModelShapes.NodeShape> shapes = ModelShapes.of(spec);
            for (String output : spec.outputNames()) {
                ModelShapes.NodeShape shape = shapes.stream().filter(s -> s.name().equals(output)).findFirst()
                        .orElseThrow();
                assertEquals(List.of(data[3]), shape.outputShape(), name + " output " + output);
            }
            assertEquals(name.equals("early-exit-cnn") ? 2 : 1, spec.outputNames().size());
            assertTrue(ModelShapes.macs(spec) > 0 && ModelShapes.parameterCount(spec) > 0);
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void everyModelIsDescribedWithItsOptions(String name) {
        ModelZoo.Description description = ModelZoo.describe(name);
        assertEquals(name, description.name());
        assertTrue(description.summary().length() > 20, description.summary());
        for (ModelOption option : description.options()) {
            assertTrue(description.text().contains(option.name() + " = "), description.text());
            assertTrue(description.text().contains("default " + option.defaultText()), description.text());
        }
    }

    @Test
    void smallCnnSaysItsAveragePoolIsAFixedOverlappingWindowNotPyTorchsAdaptivePool() {
        String summary = ModelZoo.describe(ModelZoo.SMALL_CNN).summary();
        assertTrue(summary.contains("4x4 windows at stride 1 over the 7x7 map (AvgPool2d(4, stride=1))"), summary);
        assertTrue(summary.contains("not the windows 2, 3, 3 and 2 wide of PyTorch's AdaptiveAvgPool2d((4, 4))"),
                summary);
        Node.AvgPool2d pool = ModelZoo.build(ModelZoo.SMALL_CNN, 1, 28, 28, 10).nodes().stream()
                .filter(n -> n instanceof Node.AvgPool2d).map(Node.AvgPool2d.class::cast).findFirst().orElseThrow();
        assertEquals(List.of(4, 1, 0), List.of(pool.kernel(), pool.stride(), pool.padding()),
                "what it says is what it is");
    }

    @Test
    void resnetMiniDescriptionNamesRangesAndDefaults() {
        String text = ModelZoo.describe("resnet-mini").text();
        assertTrue(text.contains("width = channels of the first stage, 8–64 (default 16)"), text);
        assertTrue(text.contains("blocks = residual blocks per stage, 1–3 (default 1)"), text);
        assertTrue(ModelZoo.describe("small-cnn").text().endsWith("No options."));
    }

    @Test
    void mlpTakesItsHiddenWidthsAsAListOrText() {
        ModelSpec spec = ModelZoo.build("mlp", Map.of("hidden", List.of(512, 128)), 1, 28, 28, 10);
        assertEquals(List.of("flatten", "fc1", "relu1", "fc2", "relu2", "fc3"),
                spec.nodes().stream().map(Node::name).toList());
        assertEquals(spec, ModelZoo.build("mlp", Map.of("hidden", "512, 128"), 1, 28, 28, 10));
        assertEquals(spec, ModelZoo.build("mlp", Map.of("hidden", "[512,128]"), 1, 28, 28, 10));
        // the default is the 784-256-10 MLP of earlier versions, same node names
        assertEquals(ModelZoo.build("mlp", 1, 28, 28, 10), ModelZoo.build("mlp", null, 1, 28, 28, 10));
        assertEquals(List.of("flatten", "fc1", "relu1", "fc2"),
                ModelZoo.build("mlp", 1, 28, 28, 10).nodes().stream().map(Node::name).toList());
    }

    @Test
    void widthAndDepthOptionsChangeTheModels() {
        ModelSpec deep = ModelZoo.build("resnet-mini", Map.of("width", 8, "blocks", 3), 3, 32, 32, 10);
        assertEquals(9, deep.nodes().stream().filter(n -> n instanceof Node.Add).count());
        assertEquals(8, ((Node.Conv2d) deep.node("stem_conv")).outChannels());
        assertEquals(32, ((Node.Conv2d) deep.node("s3b3_conv2")).outChannels());

        ModelSpec half = ModelZoo.build("mobilenetv2-mini", Map.of("widthMultiplier", 0.5, "expansion", 6),
                1, 28, 28, 10);
        Node.Conv2d dw = (Node.Conv2d) half.node("s2b2_dw");
        assertEquals(16 * 6, dw.outChannels()); // 24 * 0.5 = 12 rounds to 16 channels, expanded 6x
        assertEquals(dw.outChannels(), dw.groups());
    }

    @Test
    void unknownOptionNamesTheModelsOptions() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ModelZoo.build("resnet-mini", Map.of("depth", 3), 1, 28, 28, 10));
        assertEquals("modelOptions", e.field());
        assertEquals("Model resnet-mini has no option 'depth'; its options are width (8–64, default 16),"
                + " blocks (1–3, default 1).", e.getMessage());
        InvalidInputException none = assertThrows(InvalidInputException.class,
                () -> ModelZoo.build("lenet5", Map.of("width", 3), 1, 28, 28, 10));
        assertTrue(none.getMessage().contains("it takes no options"), none.getMessage());
    }

    @Test
    void optionOutOfRangeSaysTheRange() {
        assertMessage("Option hidden of model mlp must be 1–4 values, each 8–2048; got [4].",
                () -> ModelZoo.build("mlp", Map.of("hidden", List.of(4)), 1, 28, 28, 10));
        assertMessage("Option hidden of model mlp must be 1–4 values, each 8–2048; got [8, 8, 8, 8, 8].",
                () -> ModelZoo.build("mlp", Map.of("hidden", List.of(8, 8, 8, 8, 8)), 1, 28, 28, 10));
        assertMessage("Option hidden of model mlp must be 1–4 values, each 8–2048; got ''.",
                () -> ModelZoo.build("mlp", Map.of("hidden", ""), 1, 28, 28, 10));
        assertMessage("Option width of model resnet-mini must be a whole number from 8 to 64; got 100.",
                () -> ModelZoo.build("resnet-mini", Map.of("width", 100), 1, 28, 28, 10));
        assertMessage("Option blocks of model resnet-mini must be a whole number from 1 to 3; got 1.5.",
                () -> ModelZoo.build("resnet-mini", Map.of("blocks", 1.5), 1, 28, 28, 10));
        assertMessage("Option widthMultiplier of model mobilenetv2-mini must be a number from 0.25 to 2.0; got 'wide'.",
                () -> ModelZoo.build("mobilenetv2-mini", Map.of("widthMultiplier", "wide"), 1, 28, 28, 10));
        assertMessage("Option widthMultiplier of model mobilenetv2-mini must be a number from 0.25 to 2.0; got 3.",
                () -> ModelZoo.build("mobilenetv2-mini", Map.of("widthMultiplier", 3), 1, 28, 28, 10));
        // numbers typed into a form arrive as text
        assertEquals(32, ((Node.Conv2d) ModelZoo.build("resnet-mini", Map.of("width", "32"), 1, 28, 28, 10)
                .node("stem_conv")).outChannels());
    }

    @Test
    void imagesTooSmallForAModelAreRejectedWithTheModelsName() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ModelZoo.build("lenet5", 1, 8, 8, 10));
        assertEquals("model", e.field());
        assertTrue(e.getMessage().startsWith("Model lenet5 does not fit images of 1x8x8 ("), e.getMessage());
        // the residual and inverted-residual models halve with rounding up, so they take any size
        ModelShapes.of(ModelZoo.build("resnet-mini", 1, 5, 5, 10));
        ModelShapes.of(ModelZoo.build("mobilenetv2-mini", 3, 64, 64, 200));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        InvalidInputException e = assertThrows(InvalidInputException.class, call);
        assertEquals("modelOptions", e.field());
        assertEquals(expected, e.getMessage());
    }
}
