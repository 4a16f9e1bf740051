package io.quantlab.deploy.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads back the operators of an ONNX file, enough to see which kernels a runtime chose: each
 * node's domain, op type and tensor names, and the graph's output names. Everything else
 * (weights, attributes, shapes) is skipped. Field numbers as in {@link OnnxModelWriter}.
 */
public final class OnnxGraphReader {

    /** One operator: {@code domain} is "" for the standard ONNX domain, e.g. "com.microsoft" for ORT's own. */
    public record Op(String domain, String opType, String name, List<String> inputs, List<String> outputs) {}

    /** The operators in file order and the names of the graph's outputs. */
    public record Graph(List<Op> ops, List<String> outputs) {}

    private OnnxGraphReader() {}

    public static Graph read(byte[] model) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(model);
            in.setSizeLimit(Integer.MAX_VALUE);
            Graph graph = null;
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (WireFormat.getTagFieldNumber(tag) == 7) {
                    graph = graph(in.readBytes().newCodedInput());
                } else {
                    in.skipField(tag);
                }
            }
            if (graph == null) {
                throw new IllegalArgumentException("not an ONNX model: no graph");
            }
            return graph;
        } catch (IOException e) {
            throw new UncheckedIOException("not a readable ONNX model", e);
        }
    }

    private static Graph graph(CodedInputStream in) throws IOException {
        List<Op> ops = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> ops.add(node(in.readBytes().newCodedInput()));
                case 12 -> outputs.add(valueName(in.readBytes().newCodedInput()));
                default -> in.skipField(tag);
            }
        }
        return new Graph(List.copyOf(ops), List.copyOf(outputs));
    }

    private static Op node(CodedInputStream in) throws IOException {
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        String name = "";
        String opType = "";
        String domain = "";
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> inputs.add(in.readString());
                case 2 -> outputs.add(in.readString());
                case 3 -> name = in.readString();
                case 4 -> opType = in.readString();
                case 7 -> domain = in.readString();
                default -> in.skipField(tag);
            }
        }
        return new Op(domain, opType, name, List.copyOf(inputs), List.copyOf(outputs));
    }

    private static String valueName(CodedInputStream in) throws IOException {
        String name = "";
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) == 1) {
                name = in.readString();
            } else {
                in.skipField(tag);
            }
        }
        return name;
    }
}
