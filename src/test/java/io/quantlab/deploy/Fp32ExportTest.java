package io.quantlab.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.data.Dataset;
import io.quantlab.data.Datasets;
import io.quantlab.deploy.onnx.OnnxGraphReader;
import io.quantlab.model.ModelSpec;
import io.quantlab.model.ModelZoo;
import io.quantlab.model.Node;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every model of the zoo, exported to ONNX, computes in ONNX Runtime what DJL computes. */
class Fp32ExportTest {

    private static final Datasets DATASETS = new Datasets();
    private static final int IMAGES = 8;

    static List<String> models() {
        return ModelZoo.names();
    }

    @ParameterizedTest
    @MethodSource("models")
    void onnxRuntimeGivesDjlsOutputsOnFashionMnistImages(String name) {
        Dataset data = DATASETS.get(DATASETS.status().get(0).present() ? "fashion-mnist" : "synthetic");
        assertSameOutputs(ModelZoo.build(name, data.channels(), data.height(), data.width(), data.classes()), data);
    }

    @ParameterizedTest
    @MethodSource("models")
    void onnxRuntimeGivesDjlsOutputsOnColourImagesWithPerChannelNormalization(String name) {
        assertSameOutputs(ModelZoo.build(name, 3, 32, 32, 7), randomColourImages());
    }

    /** An average pool with padding counts the padded zeros (PyTorch's default), also as the depthwise convolution the file holds. */
    @org.junit.jupiter.api.Test
    void aPaddedAveragePoolCountsThePaddingLikePyTorch() {
        ModelSpec spec = new ModelSpec("padded-pool", List.of(3, 32, 32), List.of(
                new Node.Conv2d("conv", List.of("input"), 8, 3, 1, 1, true),
                new Node.AvgPool2d("pool", List.of("conv"), 3, 2, 1),
                new Node.ReLU("relu", List.of("pool")),
                new Node.Flatten("flatten", List.of("relu")),
                new Node.Linear("fc", List.of("flatten"), 7, true)));
        assertSameOutputs(spec, randomColourImages());
    }

    private static void assertSameOutputs(ModelSpec spec, Dataset data) {
        try (DjlModels djl = DjlModels.fresh(spec, 11)) {
            byte[] onnx = Fp32Export.write(spec, djl.parameters(), InputNormalization.of(data));
            float[][][] expected = djl.outputs(DjlModels.normalizedTestImages(data, 0, IMAGES), IMAGES);
            float[][][] actual;
            try (DeployedModel deployed = DeployedModel.load(onnx)) {
                actual = deployed.runAll(InputNormalization.scaledTestImages(data, 0, IMAGES), IMAGES);
            }
            assertEquals(expected.length, actual.length, "outputs of " + spec.name());
            double worst = 0;
            for (int o = 0; o < expected.length; o++) {
                for (int n = 0; n < IMAGES; n++) {
                    assertEquals(expected[o][n].length, actual[o][n].length);
                    for (int k = 0; k < expected[o][n].length; k++) {
                        worst = Math.max(worst, Math.abs(expected[o][n][k] - actual[o][n][k]));
                    }
                }
            }
            assertTrue(worst <= 1e-4, spec.name() + ": largest difference " + worst);
            OnnxGraphReader.Graph graph = OnnxGraphReader.read(onnx);
            assertEquals(spec.outputNames(), graph.outputs());
        }
    }

    /** Twice the images compared: a quarter of a data set's test images is its hidden split. */
    private static Dataset randomColourImages() {
        Random random = new Random(3);
        int size = 3 * 32 * 32;
        byte[] test = new byte[2 * IMAGES * size];
        random.nextBytes(test);
        int[] labels = new int[2 * IMAGES];
        return new Dataset("random", 3, 32, 32, 7, new byte[0], new int[0], test, labels,
                new float[] {0.49f, 0.48f, 0.45f}, new float[] {0.25f, 0.24f, 0.26f}, null);
    }
}
