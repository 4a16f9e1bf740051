package io.quantlab.ptq;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.quantlab.data.Dataset;
import io.quantlab.deploy.TrainedParameters;
import io.quantlab.model.BlockBuilder;
import io.quantlab.model.GraphBlock;
import io.quantlab.model.ModelSpec;
import io.quantlab.model.Node;
import io.quantlab.torch.TorchThread;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained FP32 network in DJL, eval mode, its parameters copied in from
 * {@link TrainedParameters}: the edge where PTQ touches DJL. Call its methods inside
 * {@link TorchThread} work (they do so themselves where they return plain arrays).
 */
final class DjlNetwork implements AutoCloseable {

    final ModelSpec spec;
    private final Model model;
    final GraphBlock block;

    DjlNetwork(ModelSpec spec, TrainedParameters parameters) {
        this.spec = spec;
        this.model = Model.newInstance(spec.name(), Device.cpu(), "PyTorch");
        this.block = BlockBuilder.build(spec);
        model.setBlock(block);
        List<Integer> chw = spec.inputShape();
        TorchThread.run(() -> {
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, chw.get(0), chw.get(1), chw.get(2)));
            parameters.copyInto(block);
        });
    }

    NDManager manager() {
        return model.getNDManager();
    }

    /**
     * {@code count} normalized images as an [N, C, H, W] array of {@code scope}, laid out as the
     * block's inference takes them (channels-last for a CNN, {@link GraphBlock#inferenceLayout}).
     */
    NDArray images(NDManager scope, float[] normalized, int count) {
        return block.inferenceLayout(nchw(scope, normalized, count));
    }

    private NDArray nchw(NDManager scope, float[] normalized, int count) {
        List<Integer> chw = spec.inputShape();
        return scope.create(normalized, new Shape(count, chw.get(0), chw.get(1), chw.get(2)));
    }

    /** Node {@code node}'s own layer applied to {@code inputs} in eval mode (not for an Add). */
    NDArray apply(NDManager scope, Node node, NDList inputs) {
        return block.nodeBlock(node.name()).forward(new ParameterStore(scope, false), inputs, false).singletonOrThrow();
    }

    /** Test images {@code from .. from + count}, normalized as the trainer feeds them, NCHW. */
    static float[] normalizedTestImages(Dataset data, int from, int count) {
        int size = data.imageSize();
        float[] images = new float[count * size];
        for (int i = 0; i < count; i++) {
            data.normalizedTestImage(from + i, images, i * size);
        }
        return images;
    }

    /** Every node's eval-mode FP32 output for {@code images}, by node name, arrays of {@code scope}. */
    Map<String, NDArray> forwardAll(NDManager scope, NDArray images) {
        return block.forwardAll(new ParameterStore(scope, false), new NDList(images), false);
    }

    /** The eval-mode FP32 values of the named tensors ({@code "input"} included) for {@code count} normalized images. */
    Map<String, float[]> values(float[] normalized, int count, List<String> names) {
        return TorchThread.call(() -> {
            try (NDManager scope = manager().newSubManager()) {
                var all = forwardAll(scope, nchw(scope, normalized, count));
                Map<String, float[]> out = new LinkedHashMap<>();
                for (String name : names) {
                    out.put(name, ModelSpec.INPUT.equals(name) ? normalized : all.get(name).toFloatArray());
                }
                return out;
            }
        });
    }

    @Override
    public void close() {
        model.close();
    }
}
