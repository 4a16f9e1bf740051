package io.quantlab.deploy;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.quantlab.deploy.onnx.OnnxGraphReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Whether ONNX Runtime runs a QDQ model on integer kernels: loads it as {@link DeployedModel}
 * does, saves the graph ONNX Runtime optimized, and looks for a DequantizeLinear whose output an
 * operator still reads. Such an operator computes in float on dequantized values (slower than
 * FP32, since it also pays for the conversion). A DequantizeLinear that only feeds a graph output
 * is fine.
 *
 * @param integerKernels true when some integer kernel ran and no operator reads a dequantized tensor
 * @param floatOps       each surviving DequantizeLinear and the operator reading it, e.g.
 *                       "DequantizeLinear conv1_weight_dequantize → Conv conv1"
 * @param opCounts       operator types of the optimized graph (domain-qualified when not ONNX's own) and their counts
 */
public record IntegerKernelCheck(boolean integerKernels, List<String> floatOps, TreeMap<String, Integer> opCounts) {

    public static IntegerKernelCheck of(byte[] model) {
        Path optimized = null;
        try {
            optimized = Files.createTempFile("quantlab-optimized-", ".onnx");
            try (OrtSession.SessionOptions options = OrtRuntime.sessionOptions()) {
                options.setOptimizedModelFilePath(optimized.toString());
                OrtRuntime.environment().createSession(model, options).close();
            }
            return of(OnnxGraphReader.read(Files.readAllBytes(optimized)));
        } catch (OrtException e) {
            throw new IllegalArgumentException("ONNX Runtime cannot load the model: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (optimized != null) {
                optimized.toFile().delete();
            }
        }
    }

    /** The check on a graph already optimized by ONNX Runtime. */
    static IntegerKernelCheck of(OnnxGraphReader.Graph optimized) {
        TreeMap<String, Integer> counts = new TreeMap<>();
        List<String> floatOps = new ArrayList<>();
        boolean integer = false;
        for (OnnxGraphReader.Op op : optimized.ops()) {
            counts.merge(op.domain().isEmpty() ? op.opType() : op.domain() + "." + op.opType(), 1, Integer::sum);
            integer |= isIntegerKernel(op.opType());
            if (op.opType().equals("DequantizeLinear")) {
                Set<String> dequantized = new HashSet<>(op.outputs());
                for (OnnxGraphReader.Op reader : optimized.ops()) {
                    if (reader.inputs().stream().anyMatch(dequantized::contains)) {
                        floatOps.add("DequantizeLinear " + op.name() + " → " + reader.opType() + " " + reader.name());
                    }
                }
            }
        }
        return new IntegerKernelCheck(integer && floatOps.isEmpty(), List.copyOf(floatOps), counts);
    }

    /** ONNX's and ONNX Runtime's quantized operators: QLinearConv, QGemm, QLinearAdd, MatMulInteger, … */
    static boolean isIntegerKernel(String opType) {
        return opType.startsWith("QLinear") || opType.equals("QGemm") || opType.equals("MatMulInteger")
                || opType.equals("ConvInteger") || opType.equals("MatMulIntegerToFloat")
                || opType.equals("DynamicQuantizeMatMul");
    }
}
