package io.quantlab.deploy;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.quantlab.model.BlockBuilder;
import io.quantlab.model.GraphBlock;
import io.quantlab.model.ModelSpec;
import io.quantlab.model.Node;
import io.quantlab.quant.BatchNormFolding;
import io.quantlab.torch.TorchThread;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The FP32 parameters of a trained model, copied out of DJL by node: a Conv2d's or Linear's
 * {@code weight} (output channel first, PyTorch's layout) and {@code bias}, a BatchNorm's
 * {@code gamma}, {@code beta}, {@code runningMean} and {@code runningVar}. Plain arrays, so the
 * exporters need no DJL.
 */
public final class TrainedParameters {

    private final Map<String, Map<String, float[]>> byNode;

    private TrainedParameters(Map<String, Map<String, float[]>> byNode) {
        this.byNode = byNode;
    }

    /** The parameters as stored with a training ({@code TrainResult.parameterBytes()}, the experiment's artifact). */
    public static TrainedParameters load(ModelSpec spec, byte[] parameterBytes) {
        return TorchThread.call(() -> {
            try (Model model = Model.newInstance("export", Device.cpu(), "PyTorch")) {
                GraphBlock block = initialized(spec, model);
                block.loadParameters(model.getNDManager(), new DataInputStream(new ByteArrayInputStream(parameterBytes)));
                return of(block);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (MalformedModelException e) {
                throw new IllegalArgumentException("parameters do not fit model " + spec.name() + ": " + e.getMessage(), e);
            }
        });
    }

    /** These parameters of a model built from {@code spec}, stored as a training stores its own ({@link #load} reads them). */
    public byte[] bytes(ModelSpec spec) {
        return TorchThread.call(() -> {
            try (Model model = Model.newInstance("export", Device.cpu(), "PyTorch")) {
                GraphBlock block = initialized(spec, model);
                copyInto(block);
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (DataOutputStream out = new DataOutputStream(bytes)) {
                    block.saveParameters(out);
                }
                return bytes.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static GraphBlock initialized(ModelSpec spec, Model model) {
        GraphBlock block = BlockBuilder.build(spec);
        model.setBlock(block);
        List<Integer> chw = spec.inputShape();
        block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, chw.get(0), chw.get(1), chw.get(2)));
        return block;
    }

    /** Copies the parameters of an initialized block. */
    public static TrainedParameters of(GraphBlock block) {
        Map<String, Map<String, float[]>> byNode = new HashMap<>();
        for (Node node : block.spec().nodes()) {
            Block nodeBlock = block.nodeBlock(node.name());
            if (nodeBlock == null) {
                continue;
            }
            Map<String, float[]> arrays = new HashMap<>();
            for (Pair<String, Parameter> p : nodeBlock.getParameters()) {
                arrays.put(p.getKey(), p.getValue().getArray().toFloatArray());
            }
            byNode.put(node.name(), arrays);
        }
        return new TrainedParameters(byNode);
    }

    /**
     * Sets every parameter of an initialized {@code block} built from the same spec to these
     * values. Inside {@link TorchThread} work.
     */
    public void copyInto(GraphBlock block) {
        for (Node node : block.spec().nodes()) {
            Block nodeBlock = block.nodeBlock(node.name());
            if (nodeBlock == null) {
                continue;
            }
            for (Pair<String, Parameter> p : nodeBlock.getParameters()) {
                p.getValue().getArray().set(require(node.name(), p.getKey()));
            }
        }
    }

    /** These parameters with node {@code node}'s {@code parameter} replaced by {@code values} of the same length. */
    public TrainedParameters with(String node, String parameter, float[] values) {
        if (require(node, parameter).length != values.length) {
            throw new IllegalArgumentException(values.length + " values for " + node + "." + parameter + " of "
                    + require(node, parameter).length);
        }
        Map<String, Map<String, float[]>> copy = new HashMap<>(byNode);
        Map<String, float[]> arrays = new HashMap<>(byNode.get(node));
        arrays.put(parameter, values.clone());
        copy.put(node, arrays);
        return new TrainedParameters(copy);
    }

    /** Parameter {@code parameter} of node {@code node}, or null when it has none (a layer without bias). */
    public float[] get(String node, String parameter) {
        Map<String, float[]> arrays = byNode.get(node);
        return arrays == null ? null : arrays.get(parameter);
    }

    float[] require(String node, String parameter) {
        float[] values = get(node, parameter);
        if (values == null) {
            throw new IllegalArgumentException("no parameter " + parameter + " for node " + node);
        }
        return values;
    }

    /** A BatchNorm node's statistics in inference mode. */
    BatchNormFolding.BatchNorm batchNorm(Node.BatchNorm2d bn) {
        String name = bn.name();
        return new BatchNormFolding.BatchNorm(require(name, "gamma"), require(name, "beta"),
                require(name, "runningMean"), require(name, "runningVar"), (float) bn.eps());
    }
}
