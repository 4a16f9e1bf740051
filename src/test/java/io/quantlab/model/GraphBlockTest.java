package io.quantlab.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.quantlab.torch.TorchThread;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GraphBlockTest {

    private static final String ENGINE = "PyTorch";
    private static final int STEPS = 20;

    static List<String> models() {
        return ModelZoo.names();
    }

    @ParameterizedTest
    @MethodSource("models")
    void everyModelRunsForwardOnFashionMnistAndCifar100Shapes(String name) {
        for (int[] data : new int[][] {{1, 28, 28, 10}, {3, 32, 32, 100}}) {
            ModelSpec spec = ModelZoo.build(name, data[0], data[1], data[2], data[3]);
            try (Model model = Model.newInstance(name, Device.cpu(), ENGINE)) {
                GraphBlock block = BlockBuilder.build(spec);
                model.setBlock(block);
                Shape input = new Shape(3, data[0], data[1], data[2]);
                block.initialize(model.getNDManager(), DataType.FLOAT32, input);
                Shape[] expected = block.getOutputShapes(new Shape[] {input});
                assertEquals(spec.outputNames().size(), expected.length);
                NDArray images = model.getNDManager().randomNormal(input);
                for (boolean training : new boolean[] {true, false}) {
                    NDList out = block.forward(new ParameterStore(model.getNDManager(), false), new NDList(images),
                            training);
                    assertEquals(spec.outputNames().size(), out.size(), name);
                    for (int i = 0; i < out.size(); i++) {
                        assertEquals(new Shape(3, data[3]), out.get(i).getShape(), name + " output " + i);
                        assertEquals(expected[i], out.get(i).getShape());
                    }
                }
                assertEquals(ModelShapes.parameterCount(spec), trainableParameters(block), name);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void everyModelTrainsAFewStepsWithTheLossGoingDown(String name) {
        ModelSpec spec = ModelZoo.build(name, 1, 28, 28, 10);
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.003f)).build())
                .optDevices(new Device[] {Device.cpu()});
        try (Model model = Model.newInstance(name, Device.cpu(), ENGINE);
             Trainer trainer = trainerFor(model, spec, config)) {
            NDManager manager = trainer.getManager();
            // a fixed batch of 32 noisy images whose class is where a bright square sits
            NDArray labels = manager.arange(0, 32).toType(DataType.INT32, false).mod(10);
            NDArray images = manager.randomNormal(0, 0.5f, new Shape(32, 1, 28, 28), DataType.FLOAT32);
            for (int i = 0; i < 32; i++) {
                int label = i % 10;
                images.set(new ai.djl.ndarray.index.NDIndex("{}, 0, {}:{}, {}:{}", i,
                        label / 4 * 9, label / 4 * 9 + 9, label % 4 * 7, label % 4 * 7 + 7), 2f);
            }
            List<Float> losses = new ArrayList<>();
            TorchThread.run(() -> {
                for (int step = 0; step < STEPS; step++) {
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDList outputs = trainer.forward(new NDList(images));
                        NDArray loss = null;
                        for (NDArray logits : outputs) {
                            NDArray part = trainer.getLoss().evaluate(new NDList(labels), new NDList(logits));
                            loss = loss == null ? part : loss.add(part);
                        }
                        collector.backward(loss);
                        losses.add(loss.getFloat());
                    }
                    trainer.step();
                }
            });
            float first = (losses.get(0) + losses.get(1)) / 2;
            float last = (losses.get(STEPS - 2) + losses.get(STEPS - 1)) / 2;
            assertTrue(last < 0.7f * first, name + " losses " + losses);
        }
    }

    private static Trainer trainerFor(Model model, ModelSpec spec, DefaultTrainingConfig config) {
        model.setBlock(BlockBuilder.build(spec));
        Trainer trainer = model.newTrainer(config);
        TorchThread.run(() -> {
            Engine.getEngine(ENGINE).setRandomSeed(4);
            trainer.initialize(new Shape(1, 1, 28, 28));
        });
        return trainer;
    }

    @Test
    void parametersAreNamedAfterTheirNodes() {
        try (Model model = Model.newInstance("names", Device.cpu(), ENGINE)) {
            GraphBlock block = BlockBuilder.build(ModelZoo.build("resnet-mini", 1, 28, 28, 10));
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 28, 28));
            List<String> names = block.getParameters().keys();
            assertEquals("stem_conv_weight", names.get(0));
            assertTrue(names.contains("s2b1_proj_weight") && names.contains("s2b1_proj_bn_runningMean")
                    && names.contains("fc_weight") && names.contains("fc_bias"), names.toString());
        }
    }

    @Test
    void forwardAllGivesEveryNodesOutputAndNodeBlockItsLayer() {
        ModelSpec spec = ModelZoo.build("resnet-mini", 1, 28, 28, 10);
        try (Model model = Model.newInstance("all", Device.cpu(), ENGINE)) {
            GraphBlock block = BlockBuilder.build(spec);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(2, 1, 28, 28));
            NDArray images = model.getNDManager().randomNormal(new Shape(2, 1, 28, 28));
            Map<String, NDArray> all = block.forwardAll(new ParameterStore(model.getNDManager(), false),
                    new NDList(images), false);
            assertEquals(spec.nodes().stream().map(Node::name).toList(), new ArrayList<>(all.keySet()));
            for (ModelShapes.NodeShape shape : ModelShapes.of(spec)) {
                List<Long> dims = new ArrayList<>(List.of(2L));
                shape.outputShape().forEach(d -> dims.add((long) d));
                assertEquals(new Shape(dims), all.get(shape.name()).getShape(), shape.name());
            }
            // the residual sum is the sum of its two inputs
            NDArray sum = all.get("s1b1_bn2").add(all.get("stem_relu"));
            assertTrue(sum.allClose(all.get("s1b1_add")));

            assertTrue(block.nodeBlock("stem_conv") instanceof Conv2d);
            assertTrue(block.nodeBlock("fc") instanceof Linear);
            assertEquals(9 * 16, block.nodeBlock("stem_conv").getParameters().get("weight").getArray().size());
            assertNull(block.nodeBlock("s1b1_add"));
            assertNull(block.nodeBlock("nothing"));
        }
    }

    @Test
    void channelsLastImagesHoldTheSameValuesInNhwcMemory() {
        try (NDManager manager = NDManager.newBaseManager(ENGINE)) {
            for (Shape shape : List.of(new Shape(2, 3, 5, 4), new Shape(2, 1, 5, 4))) {
                NDArray images = manager.randomNormal(shape);
                NDArray channelsLast = GraphBlock.channelsLast(images);
                assertEquals(shape, channelsLast.getShape());
                assertArrayEquals(images.toFloatArray(), channelsLast.toFloatArray());
                assertEquals(images.get("1, -1, 3, 2").getFloat(), channelsLast.get("1, -1, 3, 2").getFloat());

                // seen as [N, H, W, C] the memory is in order: the engine hands out the array's own
                // memory (a write shows), where for an array in any other order it hands out a copy
                NDArray nhwc = channelsLast.transpose(0, 2, 3, 1);
                nhwc.toByteBuffer(true).asFloatBuffer().put(1, 42f);
                assertEquals(42f, nhwc.reshape(-1).getFloat(1), shape.toString());
            }
        }
    }

    /** Inference runs channels-last; each layer run alone on NCHW arrays gives the same activations. */
    @Test
    void channelsLastActivationsEqualThoseOfAPlainNchwPass() {
        ModelSpec spec = ModelZoo.build("small-cnn", 3, 32, 32, 10);
        try (Model model = Model.newInstance("cl", Device.cpu(), ENGINE)) {
            NDManager manager = model.getNDManager();
            GraphBlock block = BlockBuilder.build(spec);
            block.initialize(manager, DataType.FLOAT32, new Shape(4, 3, 32, 32));
            NDArray images = manager.randomNormal(new Shape(4, 3, 32, 32));
            ParameterStore parameters = new ParameterStore(manager, false);
            Map<String, NDArray> all = block.forwardAll(parameters, new NDList(images), false);
            NDArray x = images;
            for (Node node : spec.nodes()) {
                x = block.nodeBlock(node.name()).forward(parameters, new NDList(x), false).singletonOrThrow();
                assertArrayEquals(x.toFloatArray(), all.get(node.name()).toFloatArray(), 1e-4f, node.name());
            }
        }
    }

    @Test
    void depthwiseConvolutionHasOneFilterChannel() {
        try (Model model = Model.newInstance("dw", Device.cpu(), ENGINE)) {
            GraphBlock block = BlockBuilder.build(ModelZoo.build("mobilenetv2-mini", 1, 28, 28, 10));
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 28, 28));
            assertEquals(new Shape(64, 1, 3, 3), block.nodeBlock("s1b1_dw").getParameters().get("weight").getArray()
                    .getShape());
        }
    }

    @Test
    void savedParametersLoadIntoAFreshBlockWithEqualOutputs() throws Exception {
        for (String name : List.of("resnet-mini", "early-exit-cnn", "mobilenetv2-mini")) {
            ModelSpec spec = ModelZoo.build(name, 1, 28, 28, 10);
            try (Model model = Model.newInstance(name, Device.cpu(), ENGINE)) {
                NDManager manager = model.getNDManager();
                NDArray images = manager.randomNormal(new Shape(4, 1, 28, 28));
                GraphBlock saved = BlockBuilder.build(spec);
                saved.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
                // one training-mode pass moves BatchNorm's running statistics off their defaults
                saved.forward(new ParameterStore(manager, false), new NDList(images), true);
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                saved.saveParameters(new DataOutputStream(bytes));

                GraphBlock loaded = BlockBuilder.build(spec);
                loaded.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
                loaded.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
                NDList a = saved.forward(new ParameterStore(manager, false), new NDList(images), false);
                NDList b = loaded.forward(new ParameterStore(manager, false), new NDList(images), false);
                for (int i = 0; i < a.size(); i++) {
                    assertArrayEquals(a.get(i).toFloatArray(), b.get(i).toFloatArray(), name);
                }
            }
        }
    }

    @Test
    void checkpointsSavedBySequentialBlockStillLoad() throws Exception {
        try (Model model = Model.newInstance("legacy", Device.cpu(), ENGINE)) {
            NDManager manager = model.getNDManager();
            // how BlockBuilder built the MLP before GraphBlock
            SequentialBlock old = new SequentialBlock()
                    .add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(256).build())
                    .add(Activation.reluBlock())
                    .add(Linear.builder().setUnits(10).build());
            old.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            old.saveParameters(new DataOutputStream(bytes));

            GraphBlock block = BlockBuilder.build(ModelZoo.build("mlp", 1, 28, 28, 10));
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            block.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            NDArray images = manager.randomNormal(new Shape(2, 1, 28, 28));
            ParameterStore store = new ParameterStore(manager, false);
            assertArrayEquals(old.forward(store, new NDList(images), false).singletonOrThrow().toFloatArray(),
                    block.forward(store, new NDList(images), false).singletonOrThrow().toFloatArray());
        }
    }

    private static long trainableParameters(Block block) {
        return block.getParameters().values().stream().filter(Parameter::requiresGradient)
                .mapToLong(p -> p.getArray().getShape().size()).sum();
    }
}
