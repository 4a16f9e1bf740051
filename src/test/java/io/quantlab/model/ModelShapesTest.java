package io.quantlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MACs and parameters written out by hand: conv = Cout·Hout·Wout·(Cin/groups)·k·k, linear = in·out. */
class ModelShapesTest {

    @Test
    void mlpMacsAreItsWeightCounts() {
        ModelSpec spec = ModelZoo.build("mlp", 1, 28, 28, 10);
        assertEquals(784 * 256 + 256 * 10, ModelShapes.macs(spec)); // 203,264
        assertEquals(784 * 256 + 256 + 256 * 10 + 10, ModelShapes.parameterCount(spec));

        ModelSpec wide = ModelZoo.build("mlp", Map.of("hidden", List.of(512, 128)), 1, 28, 28, 10);
        assertEquals(784 * 512 + 512 * 128 + 128 * 10, ModelShapes.macs(wide)); // 468,224
    }

    @Test
    void lenet5OnFashionMnistCosts416520Macs() {
        ModelSpec spec = ModelZoo.build("lenet5", 1, 28, 28, 10);
        List<ModelShapes.NodeShape> shapes = ModelShapes.of(spec);
        assertEquals(new ModelShapes.NodeShape("conv1", "Conv2d", List.of(6, 28, 28), 6 * 25 + 6, 6L * 28 * 28 * 25),
                shapes.get(0));
        assertEquals(List.of(16, 10, 10), byName(shapes, "conv2").outputShape());
        assertEquals(List.of(400), byName(shapes, "flatten").outputShape());
        long conv1 = 6 * 28 * 28 * 1 * 25;     // 117,600
        long conv2 = 16 * 10 * 10 * 6 * 25;    // 240,000
        long fc = 400 * 120 + 120 * 84 + 84 * 10; // 58,920
        assertEquals(conv1 + conv2 + fc, ModelShapes.macs(spec));
        assertEquals(416_520, ModelShapes.macs(spec));
        assertEquals(156 + 2416 + 48_120 + 10_164 + 850, ModelShapes.parameterCount(spec)); // 61,706
    }

    @Test
    void lenet5OnCifarHasNoPadding() {
        ModelSpec spec = ModelZoo.build("lenet5", 3, 32, 32, 100);
        long expected = 6L * 28 * 28 * 3 * 25 + 16 * 10 * 10 * 6 * 25 + 400 * 120 + 120 * 84 + 84 * 100;
        assertEquals(expected, ModelShapes.macs(spec)); // 659,280
    }

    @Test
    void depthwiseConvolutionCostsOneInputChannelPerFilter() {
        ModelSpec spec = ModelZoo.build("mobilenetv2-mini", 1, 28, 28, 10);
        ModelShapes.NodeShape dw = byName(ModelShapes.of(spec), "s1b1_dw");
        // 16 channels expanded 4x = 64, each filter sees 1 channel, 3x3, at 14x14 (after the stride-2 stem)
        assertEquals(new ModelShapes.NodeShape("s1b1_dw", "Conv2d", List.of(64, 14, 14), 64 * 9, 64L * 14 * 14 * 9),
                dw);
        ModelShapes.NodeShape expand = byName(ModelShapes.of(spec), "s1b1_expand");
        assertEquals(64L * 14 * 14 * 16, expand.macs());
    }

    @Test
    void earlyExitCostsOnlyTheFirstBlock() {
        ModelSpec spec = ModelZoo.build("early-exit-cnn", 1, 28, 28, 10);
        long conv1 = 32L * 28 * 28 * 9;
        long conv2 = 64L * 14 * 14 * 32 * 9;
        long conv3 = 128L * 7 * 7 * 64 * 9;
        assertEquals(conv1 + 32 * 10, ModelShapes.macsFor(spec, "exit1_fc")); // 226,112
        assertEquals(conv1 + conv2 + conv3 + 128 * 10, ModelShapes.macsFor(spec, "fc")); // 7,452,416
        assertEquals(ModelShapes.macsFor(spec, "fc"), ModelShapes.macs(spec));
        long all = ModelShapes.of(spec).stream().mapToLong(ModelShapes.NodeShape::macs).sum();
        assertEquals(all, ModelShapes.macs(spec) + 32 * 10);
        assertThrows(IllegalArgumentException.class, () -> ModelShapes.macsFor(spec, "nothing"));
    }

    @Test
    void resnetMiniProjectsOnlyWhereTheShapeChanges() {
        ModelSpec spec = ModelZoo.build("resnet-mini", 1, 28, 28, 10);
        assertEquals(new Node.Add("s1b1_add", List.of("s1b1_bn2", "stem_relu")), spec.node("s1b1_add"));
        assertEquals(new Node.Add("s2b1_add", List.of("s2b1_bn2", "s2b1_proj_bn")), spec.node("s2b1_add"));
        assertEquals(null, spec.node("s1b1_proj"));
        List<ModelShapes.NodeShape> shapes = ModelShapes.of(spec);
        assertEquals(List.of(32, 14, 14), byName(shapes, "s2b1_add").outputShape());
        assertEquals(List.of(64, 7, 7), byName(shapes, "s3b1_add").outputShape());
        assertEquals(32L * 14 * 14 * 16, byName(shapes, "s2b1_proj").macs());
        long stem = 16L * 28 * 28 * 9;
        long stage1 = 2 * 16L * 28 * 28 * 16 * 9;
        long stage2 = 32L * 14 * 14 * 16 * 9 + 32L * 14 * 14 * 32 * 9 + 32L * 14 * 14 * 16;
        long stage3 = 64L * 7 * 7 * 32 * 9 + 64L * 7 * 7 * 64 * 9 + 64L * 7 * 7 * 32;
        assertEquals(stem + stage1 + stage2 + stage3 + 64 * 10, ModelShapes.macs(spec));
    }

    @Test
    void addOfDifferentShapesIsRejectedByName() {
        ModelSpec spec = new ModelSpec("bad", List.of(1, 8, 8), List.of(
                new Node.Conv2d("conv", List.of("input"), 4, 3, 1, 1, false),
                new Node.Add("add", List.of("conv", "input"))));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelShapes.of(spec));
        assertEquals("Model bad: Add 'add' adds inputs of different shapes: [conv, input] are [[4, 8, 8], [1, 8, 8]].",
                e.getMessage());
    }

    @Test
    void groupsMustDivideTheChannels() {
        ModelSpec spec = new ModelSpec("bad", List.of(3, 8, 8), List.of(
                new Node.Conv2d("conv", List.of("input"), 4, 3, 1, 1, false, 2)));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelShapes.of(spec));
        assertTrue(e.getMessage().contains("has 2 groups, which must divide both its 3 input and 4 output channels"),
                e.getMessage());
    }

    private static ModelShapes.NodeShape byName(List<ModelShapes.NodeShape> shapes, String name) {
        return shapes.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }
}
