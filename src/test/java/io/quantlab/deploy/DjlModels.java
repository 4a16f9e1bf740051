package io.quantlab.deploy;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.quantlab.data.Dataset;
import io.quantlab.model.BlockBuilder;
import io.quantlab.model.GraphBlock;
import io.quantlab.model.ModelSpec;
import io.quantlab.model.Node;
import io.quantlab.torch.TorchThread;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** DJL's side of the comparisons: a model of the zoo in eval mode, its outputs and every node's values. */
public final class DjlModels implements AutoCloseable {

    final ModelSpec spec;
    final Model model;
    final GraphBlock block;

    private DjlModels(ModelSpec spec) {
        this.spec = spec;
        this.model = Model.newInstance(spec.name(), Device.cpu(), "PyTorch");
        this.block = BlockBuilder.build(spec);
        model.setBlock(block);
        List<Integer> chw = spec.inputShape();
        TorchThread.run(() -> block.initialize(model.getNDManager(), DataType.FLOAT32,
                new Shape(1, chw.get(0), chw.get(1), chw.get(2))));
    }

    /**
     * Freshly initialized (PyTorch's defaults), with every BatchNorm's statistics and affine
     * parameters drawn at random so folding and BatchNormalization are really exercised.
     */
    public static DjlModels fresh(ModelSpec spec, long seed) {
        DjlModels models = new DjlModels(spec);
        Random random = new Random(seed);
        for (Node node : spec.nodes()) {
            if (node instanceof Node.BatchNorm2d) {
                Block bn = models.block.nodeBlock(node.name());
                for (Pair<String, Parameter> p : bn.getParameters()) {
                    float[] values = new float[(int) p.getValue().getArray().size()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = switch (p.getKey()) {
                            case "gamma" -> 0.5f + random.nextFloat();
                            case "beta", "runningMean" -> (float) random.nextGaussian() * 0.3f;
                            default -> 0.3f + random.nextFloat() * 2;
                        };
                    }
                    p.getValue().getArray().set(values);
                }
            }
        }
        return models;
    }

    /** The model with stored parameters (a training's {@code parameterBytes}). */
    public static DjlModels trained(ModelSpec spec, byte[] parameterBytes) {
        DjlModels models = new DjlModels(spec);
        TorchThread.run(() -> {
            try {
                models.block.loadParameters(models.model.getNDManager(),
                        new DataInputStream(new ByteArrayInputStream(parameterBytes)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return models;
    }

    public TrainedParameters parameters() {
        return TrainedParameters.of(block);
    }

    /** Every output for {@code count} normalized images: [output][image][class]. */
    float[][][] outputs(float[] normalized, int count) {
        Map<String, float[]> values = nodeValues(normalized, count, spec.outputNames());
        float[][][] out = new float[spec.outputNames().size()][count][];
        for (int o = 0; o < out.length; o++) {
            float[] flat = values.get(spec.outputNames().get(o));
            int classes = flat.length / count;
            for (int n = 0; n < count; n++) {
                out[o][n] = java.util.Arrays.copyOfRange(flat, n * classes, (n + 1) * classes);
            }
        }
        return out;
    }

    /** The eval-mode values of the named nodes ({@code "input"} included) for {@code count} normalized images. */
    Map<String, float[]> nodeValues(float[] normalized, int count, List<String> names) {
        List<Integer> chw = spec.inputShape();
        return TorchThread.call(() -> {
            try (NDManager scope = model.getNDManager().newSubManager()) {
                var input = scope.create(normalized, new Shape(count, chw.get(0), chw.get(1), chw.get(2)));
                var all = block.forwardAll(new ParameterStore(scope, false), new NDList(input), false);
                Map<String, float[]> out = new LinkedHashMap<>();
                for (String name : names) {
                    out.put(name, ModelSpec.INPUT.equals(name) ? normalized.clone() : all.get(name).toFloatArray());
                }
                return out;
            }
        });
    }

    /** Test images {@code from .. from + count}, normalized as the trainer does. */
    public static float[] normalizedTestImages(Dataset data, int from, int count) {
        float[] out = new float[count * data.imageSize()];
        for (int i = 0; i < count; i++) {
            data.normalizedTestImage(from + i, out, i * data.imageSize());
        }
        return out;
    }

    @Override
    public void close() {
        model.close();
    }
}
