package io.quantlab.deploy.onnx;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Encodes an {@link OnnxGraph} as an ONNX ModelProto with protobuf's wire format. Field numbers
 * are those of onnx/onnx.proto (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto,
 * ValueInfoProto, TypeProto, TensorShapeProto, OperatorSetIdProto, StringStringEntryProto);
 * repeated scalars are written unpacked, as the proto2 schema declares them.
 */
public final class OnnxModelWriter {

    /** IR version 10 and opset 21: the newest that ONNX Runtime 1.23 loads, with int4 Q/DQ. */
    public static final long IR_VERSION = 10;
    public static final long OPSET = 21;
    static final String PRODUCER = "QuantLab";

    private OnnxModelWriter() {}

    public static byte[] write(OnnxGraph graph) {
        return message(out -> {
            out.writeInt64(1, IR_VERSION);
            out.writeString(2, PRODUCER);
            out.writeByteArray(7, graph(graph));
            out.writeByteArray(8, message(opset -> {
                opset.writeString(1, "");
                opset.writeInt64(2, OPSET);
            }));
            for (Map.Entry<String, String> entry : graph.metadata().entrySet()) {
                out.writeByteArray(14, message(pair -> {
                    pair.writeString(1, entry.getKey());
                    pair.writeString(2, entry.getValue());
                }));
            }
        });
    }

    private static byte[] graph(OnnxGraph graph) {
        return message(out -> {
            for (OnnxNode node : graph.nodes()) {
                out.writeByteArray(1, node(node));
            }
            out.writeString(2, graph.name());
            for (OnnxTensor tensor : graph.initializers()) {
                out.writeByteArray(5, tensor(tensor));
            }
            for (OnnxGraph.Value value : graph.inputs()) {
                out.writeByteArray(11, valueInfo(value));
            }
            for (OnnxGraph.Value value : graph.outputs()) {
                out.writeByteArray(12, valueInfo(value));
            }
        });
    }

    private static byte[] node(OnnxNode node) {
        return message(out -> {
            for (String input : node.inputs()) {
                out.writeString(1, input);
            }
            for (String output : node.outputs()) {
                out.writeString(2, output);
            }
            out.writeString(3, node.name());
            out.writeString(4, node.opType());
            for (OnnxAttribute attribute : node.attributes()) {
                out.writeByteArray(5, attribute(attribute));
            }
            if (!node.docString().isEmpty()) {
                out.writeString(6, node.docString());
            }
        });
    }

    private static byte[] attribute(OnnxAttribute attribute) {
        return message(out -> {
            out.writeString(1, attribute.name());
            out.writeEnum(20, attribute.type());
            switch (attribute.type()) {
                case OnnxAttribute.FLOAT -> out.writeFloat(2, attribute.floatValue());
                case OnnxAttribute.INT -> out.writeInt64(3, attribute.intValue());
                case OnnxAttribute.INTS -> {
                    for (long value : attribute.ints()) {
                        out.writeInt64(8, value);
                    }
                }
                default -> throw new IllegalArgumentException("attribute type " + attribute.type());
            }
        });
    }

    private static byte[] tensor(OnnxTensor tensor) {
        return message(out -> {
            for (long dim : tensor.dims()) {
                out.writeInt64(1, dim);
            }
            out.writeInt32(2, tensor.dataType());
            out.writeString(8, tensor.name());
            out.writeByteArray(9, tensor.raw());
        });
    }

    /** ValueInfoProto { name, TypeProto { tensor_type { elem_type, shape { dim... } } } }. */
    private static byte[] valueInfo(OnnxGraph.Value value) {
        byte[] shape = message(out -> {
            for (long dim : value.dims()) {
                out.writeByteArray(1, message(d -> {
                    if (dim == OnnxGraph.BATCH) {
                        d.writeString(2, OnnxGraph.BATCH_NAME);
                    } else {
                        d.writeInt64(1, dim);
                    }
                }));
            }
        });
        byte[] tensorType = message(out -> {
            out.writeInt32(1, value.elementType());
            out.writeByteArray(2, shape);
        });
        return message(out -> {
            out.writeString(1, value.name());
            out.writeByteArray(2, message(type -> type.writeByteArray(1, tensorType)));
        });
    }

    @FunctionalInterface
    private interface Fields {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Fields fields) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            fields.write(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
