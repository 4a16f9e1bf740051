package io.quantlab.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.quantlab.InvalidInputException;
import io.quantlab.torch.TorchThread;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A network trained elsewhere and saved as TorchScript ({@code torch.jit.script} or
 * {@code torch.jit.trace}, then {@code .save}), loaded for FP32 evaluation as a DJL block
 * (DJL's {@code PtSymbolBlock}). Its parameters are frozen; it has no {@link ModelSpec}, so only
 * whole-model numbers (accuracy, latency, size) apply to it. Owns a DJL model: close it.
 */
public final class TorchScriptModel implements AutoCloseable {

    private static final String ENGINE = "PyTorch";
    private static final Pattern ERROR_LINE = Pattern.compile("\\w*Error: (.+)");

    private final Model model;
    private final int classes;

    private TorchScriptModel(Model model, int classes) {
        this.model = model;
        this.classes = classes;
    }

    /**
     * Loads {@code file} and checks it turns one image of {@code channels}×{@code height}×{@code width}
     * into one row of class scores.
     *
     * @throws InvalidInputException (field "file") when the file is missing, is not TorchScript, or
     *     does not take such images or does not give [N, classes] logits
     */
    public static TorchScriptModel load(Path file, int channels, int height, int width) {
        String name = file.getFileName().toString();
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("file", "There is no file " + name + ".");
        }
        Model model = Model.newInstance(name, Device.cpu(), ENGINE);
        try {
            try {
                model.load(file, null, Map.of("trainParam", "false"));
            } catch (IOException | MalformedModelException | RuntimeException e) {
                throw new InvalidInputException("file", name + " is not a TorchScript file (save one with"
                        + " torch.jit.script(model).save(...) or torch.jit.trace(model, x).save(...)): "
                        + reason(e));
            }
            Shape out = outputShape(model, name, channels, height, width);
            if (out.dimension() != 2 || out.get(0) != 1 || out.get(1) < 2) {
                throw new InvalidInputException("file", name + " gives an output of shape " + out
                        + " for one image; it must give one row of class scores, [1, classes].");
            }
            return new TorchScriptModel(model, (int) out.get(1));
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static Shape outputShape(Model model, String name, int channels, int height, int width) {
        NDList outputs;
        try (NDManager scope = model.getNDManager().newSubManager()) {
            try {
                outputs = TorchThread.call(() -> model.getBlock().forward(new ParameterStore(scope, false),
                        new NDList(scope.zeros(new Shape(1, channels, height, width))), false));
            } catch (RuntimeException e) {
                throw new InvalidInputException("file", name + " does not take images of " + channels + "x"
                        + height + "x" + width + ": " + reason(e));
            }
            if (outputs.size() != 1) {
                throw new InvalidInputException("file", name + " returns " + outputs.size()
                        + " arrays; it must return one, the class scores.");
            }
            return outputs.get(0).getShape();
        }
    }

    /**
     * The line of an engine error a user can act on: TorchScript errors put a traceback first and
     * the cause last ("RuntimeError: Given groups=1, weight of size ..."), others are one line.
     */
    private static String reason(Exception e) {
        String[] lines = String.valueOf(e.getMessage()).strip().split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            Matcher error = ERROR_LINE.matcher(lines[i].strip());
            if (error.matches()) {
                return error.group(1);
            }
        }
        return lines[0];
    }

    /** The network as a DJL block: [N, C, H, W] in, [N, classes] out. */
    public Block block() {
        return model.getBlock();
    }

    /** The manager that owns the network's parameters; take per-batch sub-managers from it. */
    public NDManager manager() {
        return model.getNDManager();
    }

    /** How many class scores the network gives per image. */
    public int classes() {
        return classes;
    }

    @Override
    public void close() {
        model.close();
    }
}
