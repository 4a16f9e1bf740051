package io.quantlab.discretize;

import io.quantlab.quant.QuantFormat;
import io.quantlab.quant.QuantScheme;

/** The lab's names for the core's schemes, each on PyTorch's default integer type. */
public enum SchemeOption implements Named {
    /** Unsigned [0, 2^b − 1], range widened to include 0, as PyTorch's affine observers (quint8). */
    ASYMMETRIC("asymmetric", "asymmetric (affine, unsigned)", QuantScheme.AFFINE),
    /** Signed [−2^(b−1), 2^(b−1) − 1], zero-point 0 (qint8). */
    SYMMETRIC("symmetric", "symmetric (signed, z = 0)", QuantScheme.SYMMETRIC),
    /** Signed ±(2^(b−1) − 1): one level fewer, so the grid is symmetric about 0. */
    RESTRICTED("restricted", "symmetric restricted ±(2^(b−1)−1)", QuantScheme.SYMMETRIC_RESTRICTED);

    private final Names names;
    private final QuantScheme scheme;

    SchemeOption(String label, String title, QuantScheme scheme) {
        this.names = new Names(label, title);
        this.scheme = scheme;
    }

    @Override
    public Names names() {
        return names;
    }

    public QuantScheme scheme() {
        return scheme;
    }

    /** The integer grid at {@code bits}; throws for widths the scheme cannot have (restricted needs 2). */
    public QuantFormat format(int bits) {
        return QuantFormat.of(bits, scheme);
    }
}
