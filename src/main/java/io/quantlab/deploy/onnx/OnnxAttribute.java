package io.quantlab.deploy.onnx;

/** A node attribute: one int, one float or a list of ints (AttributeProto's i, f and ints). */
public record OnnxAttribute(String name, int type, long intValue, float floatValue, long[] ints) {

    // AttributeProto.AttributeType values
    static final int FLOAT = 1;
    static final int INT = 2;
    static final int INTS = 7;

    public static OnnxAttribute of(String name, long value) {
        return new OnnxAttribute(name, INT, value, 0f, null);
    }

    public static OnnxAttribute of(String name, float value) {
        return new OnnxAttribute(name, FLOAT, 0, value, null);
    }

    public static OnnxAttribute ints(String name, long... values) {
        return new OnnxAttribute(name, INTS, 0, 0f, values.clone());
    }
}
