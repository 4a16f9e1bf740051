package io.quantlab.quant;

import io.quantlab.InvalidInputException;

/**
 * Per-tensor affine quantization parameters: q = clamp(round(x / scale) + zeroPoint, qmin, qmax),
 * x̂ = (q - zeroPoint) * scale.
 */
public record QuantParams(float scale, int zeroPoint, int qmin, int qmax) {
    /**
     * Smallest scale ever produced, so constant or all-zero input never divides by zero:
     * torch.finfo(torch.float32).eps, PyTorch's observer default.
     */
    public static final float EPS = 0x1p-23f;

    /** Smallest scale whose float32 reciprocal is finite. */
    public static final float MIN_SCALE = Math.nextUp(1.0f / Float.MAX_VALUE);

    public QuantParams {
        if (!(scale > 0) || !Float.isFinite(scale)) {
            throw new InvalidInputException("scale", "scale must be a finite number > 0, got " + scale);
        }
        // Quantizers multiply by 1f / scale; a denormal scale would make it infinite and 0 * inf NaN.
        if (Float.isInfinite(1.0f / scale)) {
            throw new InvalidInputException("scale", "scale must be at least " + MIN_SCALE + ", got " + scale);
        }
        if (qmin >= qmax) {
            throw new InvalidInputException("qmin", "qmin must be < qmax, got " + qmin + " >= " + qmax);
        }
        if (zeroPoint < qmin || zeroPoint > qmax) {
            throw new InvalidInputException("zeroPoint",
                    "zeroPoint must be between qmin " + qmin + " and qmax " + qmax + ", got " + zeroPoint);
        }
    }

    /**
     * The one place a range becomes parameters, for every estimator and granularity. Follows
     * UniformQuantizationObserverBase._calculate_qparams (PyTorch 1.13): the range is first widened
     * to include 0, all arithmetic is float32, and round is half-to-even.
     */
    public static QuantParams fromRange(ClipRange range, QuantFormat format) {
        int qmin = format.qmin();
        int qmax = format.qmax();
        float minNeg = Math.min(range.min(), 0f);
        float maxPos = Math.max(range.max(), 0f);
        if (format.scheme().isSymmetric()) {
            float maxAbs = Math.max(-minNeg, maxPos);
            // PyTorch divides by (qmax - qmin) / 2 (127.5 for qint8), not by qmax.
            float scale = Math.max(maxAbs / ((float) (qmax - qmin) / 2f), EPS);
            // Unsigned: the grid's midpoint 2^(b-1) (128 for quint8, as PyTorch). PyTorch keeps 128 even
            // for reduce_range's 0..127, outside the grid; we take that grid's midpoint, 64.
            int zeroPoint = format.signed() ? 0 : (qmin + qmax + 1) / 2;
            return requireFiniteGrid(new QuantParams(requireFiniteScale(scale, range), zeroPoint, qmin, qmax), range);
        }
        float scale = Math.max((maxPos - minNeg) / (float) (qmax - qmin), EPS);
        requireFiniteScale(scale, range);
        int zeroPoint = qmin - (int) Math.rint(minNeg / scale);
        return requireFiniteGrid(new QuantParams(scale, Math.max(qmin, Math.min(qmax, zeroPoint)), qmin, qmax), range);
    }

    /** Number of integer levels in [qmin, qmax]. */
    public int levels() {
        return qmax - qmin + 1;
    }

    /** Smallest real value the grid represents: (qmin - zeroPoint) * scale. */
    public float representableMin() {
        return (float) (qmin - zeroPoint) * scale;
    }

    /** Largest real value the grid represents: (qmax - zeroPoint) * scale. */
    public float representableMax() {
        return (float) (qmax - zeroPoint) * scale;
    }

    /**
     * A finite scale can still put an end level beyond float32: symmetric grids reach max|x| · 128/127.5,
     * so near Float.MAX_VALUE (qmin − z) · scale would dequantize to −∞.
     */
    private static QuantParams requireFiniteGrid(QuantParams params, ClipRange range) {
        if (Float.isInfinite(params.representableMin()) || Float.isInfinite(params.representableMax())) {
            throw new InvalidInputException("range", "range [" + range.min() + ", " + range.max()
                    + "] is too wide to quantize in float32: the grid's end levels would overflow");
        }
        return params;
    }

    private static float requireFiniteScale(float scale, ClipRange range) {
        if (!Float.isFinite(scale)) {
            throw new InvalidInputException("range",
                    "range [" + range.min() + ", " + range.max() + "] is too wide to quantize in float32");
        }
        return scale;
    }
}
