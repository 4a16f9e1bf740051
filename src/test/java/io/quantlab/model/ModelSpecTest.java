package io.quantlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quantlab.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSpecTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void zooModelsSurviveAJsonRoundTrip() throws Exception {
        for (String name : ModelZoo.names()) {
            ModelSpec spec = ModelZoo.build(name, 1, 28, 28, 10);
            String text = json.writeValueAsString(spec);
            assertEquals(spec, json.readValue(text, ModelSpec.class), text);
        }
    }

    @Test
    void jsonNamesEachNodeKindAndItsInputs() throws Exception {
        String text = json.writeValueAsString(ModelZoo.build("small-cnn", 1, 28, 28, 10));
        assertTrue(text.contains("{\"kind\":\"Conv2d\",\"name\":\"conv1\",\"inputs\":[\"input\"],\"outChannels\":32,"
                + "\"kernel\":3,\"stride\":1,\"padding\":1,\"bias\":false}"), text);
        assertTrue(text.contains("\"inputShape\":[1,28,28]"), text);
    }

    @Test
    void handWrittenJsonReadsIntoTypedNodes() throws Exception {
        String text = """
                {"name":"tiny","inputShape":[1,8,8],"nodes":[
                  {"kind":"Flatten","name":"f","inputs":["input"]},
                  {"kind":"Dropout","name":"d","inputs":["f"],"rate":0.5},
                  {"kind":"Linear","name":"fc","inputs":["d"],"outFeatures":3,"bias":true}]}""";
        ModelSpec spec = json.readValue(text, ModelSpec.class);
        assertEquals(new Node.Linear("fc", List.of("d"), 3, true), spec.nodes().get(2));
        assertTrue(spec.isSequential());
        assertEquals(64 * 3 + 3, ModelShapes.parameterCount(spec));
    }

    @Test
    void mlpIs784By256By10() {
        List<ModelShapes.NodeShape> shapes = ModelShapes.of(ModelZoo.build("mlp", 1, 28, 28, 10));
        assertEquals(List.of(784), shapes.get(0).outputShape());
        assertEquals(List.of(256), shapes.get(1).outputShape());
        assertEquals(List.of(10), shapes.get(3).outputShape());
        assertEquals(784 * 256 + 256 + 256 * 10 + 10, shapes.stream().mapToLong(ModelShapes.NodeShape::parameters).sum());
    }

    @Test
    void smallCnnPoolsTo128By4By4BeforeItsLinearLayer() {
        ModelSpec spec = ModelZoo.build("small-cnn", 1, 28, 28, 10);
        List<ModelShapes.NodeShape> shapes = ModelShapes.of(spec);
        ModelShapes.NodeShape pool = shapes.stream().filter(s -> s.name().equals("avgpool")).findFirst().orElseThrow();
        assertEquals(List.of(128, 4, 4), pool.outputShape());
        assertEquals(List.of(10), shapes.get(shapes.size() - 1).outputShape());
        assertEquals(new Node.AvgPool2d("avgpool", List.of("relu3"), 4, 1, 0),
                spec.nodes().stream().filter(n -> n.name().equals("avgpool")).findFirst().orElseThrow());
        // on 32x32 (CIFAR) the map is 8x8 and the pool is 2x2 stride 2: still 4x4
        List<ModelShapes.NodeShape> cifar = ModelShapes.of(ModelZoo.build("small-cnn", 3, 32, 32, 10));
        assertEquals(List.of(128, 4, 4), cifar.stream().filter(s -> s.name().equals("avgpool"))
                .findFirst().orElseThrow().outputShape());
    }

    @Test
    void unknownModelListsTheChoices() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelZoo.build("resnet-999", 1, 28, 28, 10));
        assertEquals("model", e.field());
        assertTrue(e.getMessage().contains("mlp, small-cnn"), e.getMessage());
    }

    @Test
    void linearOnAnImageIsRejectedByNodeName() {
        ModelSpec spec = new ModelSpec("bad", List.of(1, 28, 28),
                List.of(new Node.Linear("fc", List.of("input"), 10, true)));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelShapes.of(spec));
        assertEquals("model", e.field());
        assertTrue(e.getMessage().contains("Linear 'fc' needs a flat input"), e.getMessage());
    }

    @Test
    void inputsMustNameEarlierNodes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ModelSpec("bad",
                List.of(1, 28, 28), List.of(new Node.ReLU("relu", List.of("conv")))));
        assertTrue(e.getMessage().contains("reads 'conv'"), e.getMessage());
    }

    @Test
    void outputsAddsAndGroupsSurviveAJsonRoundTrip() throws Exception {
        ModelSpec early = ModelZoo.build("early-exit-cnn", 1, 28, 28, 10);
        String text = json.writeValueAsString(early);
        assertTrue(text.endsWith("\"outputs\":[\"fc\",\"exit1_fc\"]}"), text);
        assertEquals(early, json.readValue(text, ModelSpec.class));

        String resnet = json.writeValueAsString(ModelZoo.build("resnet-mini", 1, 28, 28, 10));
        assertTrue(resnet.contains("{\"kind\":\"Add\",\"name\":\"s1b1_add\",\"inputs\":[\"s1b1_bn2\",\"stem_relu\"]}"),
                resnet);
        String mobile = json.writeValueAsString(ModelZoo.build("mobilenetv2-mini", 1, 28, 28, 10));
        assertTrue(mobile.contains("\"name\":\"s1b1_dw\",\"inputs\":[\"s1b1_expand_relu\"],\"outChannels\":64,"
                + "\"kernel\":3,\"stride\":1,\"padding\":1,\"bias\":false,\"groups\":64}"), mobile);
        // one output and ordinary convolutions: nothing new in the JSON
        assertTrue(!resnet.contains("outputs") && !resnet.contains("groups"), resnet);
    }

    @Test
    void jsonWrittenBeforeOutputsAndGroupsStillReads() throws Exception {
        String text = """
                {"name":"old","inputShape":[1,8,8],"nodes":[
                  {"kind":"Conv2d","name":"c","inputs":["input"],"outChannels":4,"kernel":3,"stride":1,"padding":1,"bias":false}]}""";
        ModelSpec spec = json.readValue(text, ModelSpec.class);
        assertEquals(new Node.Conv2d("c", List.of("input"), 4, 3, 1, 1, false, 1), spec.nodes().get(0));
        assertEquals(List.of(), spec.outputs());
        assertEquals(List.of("c"), spec.outputNames());
        assertTrue(spec.isSequential());
    }

    @Test
    void outputsMustNameNodes() {
        List<Node> nodes = List.of(new Node.Flatten("f", List.of("input")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ModelSpec("bad", List.of(1, 2, 2), nodes, List.of("f", "g")));
        assertEquals("output 'g' is not a node of model bad", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ModelSpec("bad", List.of(1, 2, 2), nodes, List.of("input")));
        assertThrows(IllegalArgumentException.class, () -> new ModelSpec("bad", List.of(1, 2, 2), nodes, List.of("f", "f")));
    }
}
