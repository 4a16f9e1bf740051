package io.quantlab.quant;

/** How a clipping range is mapped onto the integer grid. */
public enum QuantScheme {
    /** Asymmetric: scale and zero-point cover [min(min, 0), max(max, 0)], so 0.0 is exact. */
    AFFINE,
    /** Zero-point fixed (0 for signed); scale covers max|x| with (qmax - qmin) / 2 steps, as PyTorch. */
    SYMMETRIC,
    /** Signed grid ±(2^(b-1) - 1) without the extra negative level, so scale = max|x| / qmax. */
    SYMMETRIC_RESTRICTED;

    public boolean isSymmetric() {
        return this != AFFINE;
    }
}
