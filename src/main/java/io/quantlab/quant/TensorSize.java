package io.quantlab.quant;

import io.quantlab.InvalidInputException;

/**
 * Storage of a quantized tensor: packed values plus the parameters needed to dequantize them.
 * Each scale is a float32 (4 bytes); a zero-point is stored in the element type
 * (ceil(bits/8) bytes, as ONNX QuantizeLinear's y_zero_point) and only for affine schemes, where it
 * is not implied by the format.
 *
 * @param valueBytes     packed values
 * @param parameterBytes scales and zero-points
 * @param float32Bytes   the same tensor in float32, for the compression ratio
 */
public record TensorSize(long valueBytes, long parameterBytes, long float32Bytes) {

    /** {@code parameterSets} is 1 per tensor, or the number of channels. */
    public static TensorSize of(long count, QuantFormat format, int parameterSets) {
        if (parameterSets < 1) {
            throw new InvalidInputException("channels", "need at least 1 set of parameters, got " + parameterSets);
        }
        long zeroPointBytes = format.scheme() == QuantScheme.AFFINE ? (format.bits() + 7) / 8 : 0;
        long parameterBytes = parameterSets * (Float.BYTES + zeroPointBytes);
        return new TensorSize(BitPacking.packedBytes(count, format.bits()), parameterBytes, count * Float.BYTES);
    }

    public long totalBytes() {
        return valueBytes + parameterBytes;
    }

    /** float32 size over quantized size, parameters included. */
    public double compressionRatio() {
        return (double) float32Bytes / totalBytes();
    }
}
