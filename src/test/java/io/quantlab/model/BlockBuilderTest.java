package io.quantlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlockBuilderTest {

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "small-cnn"})
    void zooModelBuildsAndGivesOneRowOfClassScoresPerImage(String name) {
        ModelSpec spec = ModelZoo.build(name, 1, 28, 28, 10);
        try (Model model = Model.newInstance(name, Device.cpu(), "PyTorch")) {
            Block block = BlockBuilder.build(spec);
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 28, 28));
            NDArray images = model.getNDManager().randomNormal(new Shape(5, 1, 28, 28));
            for (boolean training : new boolean[] {true, false}) {
                NDArray out = block.forward(new ParameterStore(model.getNDManager(), false), new NDList(images), training)
                        .singletonOrThrow();
                assertEquals(new Shape(5, 10), out.getShape());
            }
            long trainable = block.getParameters().values().stream().filter(Parameter::requiresGradient)
                    .mapToLong(p -> p.getArray().getShape().size()).sum();
            assertEquals(ModelShapes.parameterCount(spec), trainable);
        }
    }
}
