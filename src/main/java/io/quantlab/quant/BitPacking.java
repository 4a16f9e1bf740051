package io.quantlab.quant;

import io.quantlab.InvalidInputException;

/**
 * Honest storage of b-bit codes: values packed back to back, least significant bit first, with no
 * padding except to finish the last byte. Codes are stored as q - qmin so every format packs into
 * unsigned b-bit fields.
 */
public final class BitPacking {
    private BitPacking() {
    }

    /** Bytes for {@code count} values of {@code bits} bits each, packed: ceil(count * bits / 8). */
    public static long packedBytes(long count, int bits) {
        Inputs.requireInRange(bits, 1, 32, "bits");
        if (count < 0) {
            throw new InvalidInputException("count", "count must be >= 0, got " + count);
        }
        return Math.addExact(Math.multiplyExact(count, bits), 7) / 8;
    }

    public static byte[] pack(int[] q, int qmin, int bits) {
        Inputs.requireInRange(bits, 1, 16, "bits");
        byte[] out = new byte[Math.toIntExact(packedBytes(q.length, bits))];
        int limit = (1 << bits) - 1;
        long bitPosition = 0;
        for (int i = 0; i < q.length; i++) {
            int code = q[i] - qmin;
            if (code < 0 || code > limit) {
                throw new InvalidInputException("q", "q[" + i + "] = " + q[i] + " does not fit " + bits
                        + " bits above qmin " + qmin + "; allowed " + qmin + ".." + (qmin + limit));
            }
            for (int b = 0; b < bits; b++, bitPosition++) {
                if ((code >>> b & 1) != 0) {
                    out[(int) (bitPosition >>> 3)] |= (byte) (1 << (bitPosition & 7));
                }
            }
        }
        return out;
    }

    public static int[] unpack(byte[] packed, int count, int qmin, int bits) {
        Inputs.requireInRange(bits, 1, 16, "bits");
        if (packedBytes(count, bits) > packed.length) {
            throw new InvalidInputException("packed", "packed has " + packed.length + " bytes; " + count + " values of "
                    + bits + " bits need " + packedBytes(count, bits));
        }
        int[] out = new int[count];
        long bitPosition = 0;
        for (int i = 0; i < count; i++) {
            int code = 0;
            for (int b = 0; b < bits; b++, bitPosition++) {
                code |= (packed[(int) (bitPosition >>> 3)] >>> (bitPosition & 7) & 1) << b;
            }
            out[i] = code + qmin;
        }
        return out;
    }
}
