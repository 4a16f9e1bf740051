package io.quantlab.quant;

import io.quantlab.InvalidInputException;

/**
 * The integer grid values are quantized to: bit width, signedness, scheme and PyTorch's
 * reduce-range option (one bit less, for kernels whose int16 intermediate would overflow).
 *
 * <p>Integer ranges: unsigned 0..2^b-1, signed -2^(b-1)..2^(b-1)-1, restricted ±(2^(b-1)-1).
 * Reduce-range halves the range with floor division, as torch.ao.quantization.utils.calculate_qmin_qmax
 * (quint8 0..127, qint8 -64..63); for the restricted grid it means ±(2^(b-2)-1).
 */
public record QuantFormat(int bits, boolean signed, QuantScheme scheme, boolean reduceRange) {
    public static final int MIN_BITS = 1;
    public static final int MAX_BITS = 16;

    public QuantFormat {
        Inputs.requireInRange(bits, MIN_BITS, MAX_BITS, "bits");
        if (scheme == null) {
            throw new InvalidInputException("scheme", "scheme is missing; use one of AFFINE, SYMMETRIC, SYMMETRIC_RESTRICTED");
        }
        if (scheme == QuantScheme.SYMMETRIC_RESTRICTED && !signed) {
            throw new InvalidInputException("signed", "the restricted symmetric range ±(2^(b-1)-1) needs a signed format");
        }
        int minimumBits = minimumBits(scheme, reduceRange);
        if (bits < minimumBits) {
            throw new InvalidInputException("bits", "bits must be between " + minimumBits + " and " + MAX_BITS
                    + " for " + describe(scheme, reduceRange) + ", got " + bits);
        }
    }

    /** Signed for symmetric schemes, unsigned for affine: PyTorch's defaults (qint8 weights, quint8 activations). */
    public static QuantFormat of(int bits, QuantScheme scheme) {
        return new QuantFormat(bits, scheme != QuantScheme.AFFINE, scheme, false);
    }

    public static QuantFormat quint8() {
        return new QuantFormat(8, false, QuantScheme.AFFINE, false);
    }

    public static QuantFormat qint8Symmetric() {
        return new QuantFormat(8, true, QuantScheme.SYMMETRIC, false);
    }

    public QuantFormat withReduceRange(boolean reduce) {
        return new QuantFormat(bits, signed, scheme, reduce);
    }

    public int qmin() {
        if (scheme == QuantScheme.SYMMETRIC_RESTRICTED) {
            return -restrictedMax();
        }
        int full = signed ? -(1 << (bits - 1)) : 0;
        return reduceRange ? Math.floorDiv(full, 2) : full;
    }

    public int qmax() {
        if (scheme == QuantScheme.SYMMETRIC_RESTRICTED) {
            return restrictedMax();
        }
        int full = signed ? (1 << (bits - 1)) - 1 : (1 << bits) - 1;
        return reduceRange ? Math.floorDiv(full, 2) : full;
    }

    /** Number of integer levels in [qmin, qmax]. */
    public int levels() {
        return qmax() - qmin() + 1;
    }

    private int restrictedMax() {
        int effectiveBits = reduceRange ? bits - 1 : bits;
        return (1 << (effectiveBits - 1)) - 1;
    }

    private static int minimumBits(QuantScheme scheme, boolean reduceRange) {
        int minimum = scheme == QuantScheme.SYMMETRIC_RESTRICTED ? 2 : 1;
        return reduceRange ? minimum + 1 : minimum;
    }

    private static String describe(QuantScheme scheme, boolean reduceRange) {
        String name = scheme.name().toLowerCase().replace('_', ' ');
        return reduceRange ? name + " with reduce range" : name;
    }
}
