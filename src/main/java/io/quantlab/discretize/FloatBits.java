package io.quantlab.discretize;

/**
 * Float32 to FP16 and BF16 with IEEE-754 round-to-nearest-even, and back; Java 17 has no
 * Float.floatToFloat16. Overflow becomes ±∞, tiny values become subnormals or ±0, NaN stays NaN.
 */
public final class FloatBits {
    private FloatBits() {
    }

    /** IEEE-754 binary16 bits (1 sign, 5 exponent, 10 mantissa) of the value nearest to {@code f}. */
    public static int toFp16(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xFF;
        int mantissa = bits & 0x7FFFFF;
        if (exponent == 0xFF) {
            return sign | 0x7C00 | (mantissa != 0 ? 0x200 | (mantissa >>> 13) : 0);
        }
        int halfExponent = exponent - 127 + 15;
        if (halfExponent >= 0x1F) {
            return sign | 0x7C00;
        }
        if (halfExponent <= 0) {
            // Subnormal half: value = k · 2^−24 with k = significand >> shift.
            int shift = 14 - halfExponent;
            if (shift > 24) {
                return sign;
            }
            int significand = mantissa | 0x800000;
            int k = significand >>> shift;
            int rest = significand & ((1 << shift) - 1);
            int halfway = 1 << (shift - 1);
            if (rest > halfway || (rest == halfway && (k & 1) != 0)) {
                k++;
            }
            return sign | k;
        }
        int h = (halfExponent << 10) | (mantissa >>> 13);
        int rest = mantissa & 0x1FFF;
        // A carry out of the mantissa correctly bumps the exponent, up to ∞ (0x7C00).
        if (rest > 0x1000 || (rest == 0x1000 && (h & 1) != 0)) {
            h++;
        }
        return sign | h;
    }

    public static float fromFp16(int h) {
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign != 0 ? -magnitude : magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }

    /** bfloat16 bits (the top half of float32: 1 sign, 8 exponent, 7 mantissa), rounded to nearest even. */
    public static int toBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (bits >>> 16) | 0x40;
        }
        return (bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16;
    }

    public static float fromBf16(int b) {
        return Float.intBitsToFloat(b << 16);
    }
}
