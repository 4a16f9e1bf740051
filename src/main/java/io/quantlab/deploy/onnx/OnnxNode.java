package io.quantlab.deploy.onnx;

import java.util.List;

/**
 * One operator of the standard ONNX domain: {@code opType} reads {@code inputs}, writes
 * {@code outputs}; {@code docString} (may be empty) is what a viewer such as Netron shows for it.
 */
public record OnnxNode(String opType, String name, List<String> inputs, List<String> outputs,
                       List<OnnxAttribute> attributes, String docString) {
    public OnnxNode {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        attributes = List.copyOf(attributes);
        docString = docString == null ? "" : docString;
    }
}
