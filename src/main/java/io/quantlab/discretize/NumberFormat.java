package io.quantlab.discretize;

import io.quantlab.quant.QuantFormat;
import io.quantlab.quant.QuantScheme;
import io.quantlab.quant.TensorSize;
import java.util.List;

/**
 * One row of the number-format table (seed lecture 5): how wide, how far, how fine, how big.
 *
 * @param min             most negative finite value
 * @param max             largest finite value
 * @param stepNearOne     distance from 1.0 to the next representable value; for integers the grid
 *                        step, 1, which a scale Δ turns into Δ
 * @param smallestNormal  smallest positive normal value (floats), or null for integers
 * @param bytesPerMillion bytes for 1,000,000 values (for integers, plus one FP32 scale)
 * @param compression     FP32 bytes over these bytes
 */
public record NumberFormat(String name, int bits, String layout, double min, double max, double stepNearOne,
        Double smallestNormal, long bytesPerMillion, double compression) {
    public static final long MILLION = 1_000_000;

    /** FP32, FP16, BF16, INT8, INT4. */
    public static List<NumberFormat> table() {
        return List.of(ieee("FP32", 8, 23), ieee("FP16", 5, 10), ieee("BF16", 8, 7), integer("INT8", 8),
                integer("INT4", 4));
    }

    /** An IEEE-754 binary format: max = (2 − 2^−m) · 2^bias, step near 1 = 2^−m, smallest normal 2^(1 − bias). */
    static NumberFormat ieee(String name, int exponentBits, int mantissaBits) {
        int bits = 1 + exponentBits + mantissaBits;
        int bias = (1 << (exponentBits - 1)) - 1;
        double max = (2 - Math.pow(2, -mantissaBits)) * Math.pow(2, bias);
        long bytes = MILLION * bits / 8;
        return new NumberFormat(name, bits, "1 sign · " + exponentBits + " exponent · " + mantissaBits + " mantissa",
                -max, max, Math.pow(2, -mantissaBits), Math.pow(2, 1 - bias), bytes, MILLION * 4.0 / bytes);
    }

    /** A signed integer grid with one FP32 scale per tensor (symmetric, so no zero-point is stored). */
    static NumberFormat integer(String name, int bits) {
        QuantFormat format = QuantFormat.of(bits, QuantScheme.SYMMETRIC);
        TensorSize size = TensorSize.of(MILLION, format, 1);
        return new NumberFormat(name, bits, "two's complement, × scale Δ", format.qmin(), format.qmax(), 1, null,
                size.totalBytes(), size.compressionRatio());
    }

    public boolean isFloat() {
        return smallestNormal != null;
    }

    /** Bytes for a 7-billion-parameter model in this format (28 GB in FP32). */
    public double gigabytesFor7B() {
        return 7e9 * bits / 8 / 1e9;
    }
}
