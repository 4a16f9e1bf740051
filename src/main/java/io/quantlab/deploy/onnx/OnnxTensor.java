package io.quantlab.deploy.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A constant tensor of an ONNX graph (an initializer), its values as ONNX's {@code raw_data}:
 * fixed-width little-endian, row-major; int4 packs two values per byte, the first in the low
 * nibble (onnx.proto, TensorProto).
 */
public record OnnxTensor(String name, int dataType, long[] dims, byte[] raw) {

    // TensorProto.DataType values
    public static final int FLOAT = 1;
    public static final int UINT8 = 2;
    public static final int INT8 = 3;
    public static final int INT32 = 6;
    public static final int INT64 = 7;
    public static final int INT4 = 22;

    public static OnnxTensor floats(String name, long[] dims, float[] values) {
        ByteBuffer buffer = buffer(values.length * 4L);
        buffer.asFloatBuffer().put(values);
        return new OnnxTensor(name, FLOAT, dims, buffer.array());
    }

    public static OnnxTensor int32(String name, long[] dims, int[] values) {
        ByteBuffer buffer = buffer(values.length * 4L);
        buffer.asIntBuffer().put(values);
        return new OnnxTensor(name, INT32, dims, buffer.array());
    }

    public static OnnxTensor int64(String name, long[] dims, long[] values) {
        ByteBuffer buffer = buffer(values.length * 8L);
        buffer.asLongBuffer().put(values);
        return new OnnxTensor(name, INT64, dims, buffer.array());
    }

    /** Values in -128..127 stored as INT8, or in 0..255 stored as UINT8. */
    public static OnnxTensor bytes(String name, int dataType, long[] dims, int[] values) {
        if (dataType != INT8 && dataType != UINT8) {
            throw new IllegalArgumentException("not a byte type: " + dataType);
        }
        int min = dataType == INT8 ? -128 : 0;
        byte[] raw = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            raw[i] = (byte) checkRange(values[i], min, min + 255);
        }
        return new OnnxTensor(name, dataType, dims, raw);
    }

    /** Values in -8..7, two per byte. */
    public static OnnxTensor int4(String name, long[] dims, int[] values) {
        byte[] raw = new byte[(values.length + 1) / 2];
        for (int i = 0; i < values.length; i++) {
            int nibble = checkRange(values[i], -8, 7) & 0xf;
            raw[i / 2] |= (byte) (i % 2 == 0 ? nibble : nibble << 4);
        }
        return new OnnxTensor(name, INT4, dims, raw);
    }

    private static int checkRange(int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("value " + value + " does not fit " + min + ".." + max);
        }
        return value;
    }

    private static ByteBuffer buffer(long bytes) {
        return ByteBuffer.allocate(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
    }
}
