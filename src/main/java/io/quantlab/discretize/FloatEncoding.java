package io.quantlab.discretize;

import java.math.BigDecimal;

/**
 * One number in one IEEE-754 binary format, field by field.
 *
 * @param exponentField the stored (biased) exponent
 * @param kind          normal, subnormal, zero, infinity or NaN
 * @param value         the encoded value
 * @param exact         its exact decimal expansion (every binary fraction has one), or the kind's name
 */
public record FloatEncoding(String format, int exponentBits, int mantissaBits, String sign, String exponent,
        String mantissa, int exponentField, int bias, String kind, double value, String exact) {

    /** Splits {@code bits}, whose low 1 + e + m bits hold an encoding with e exponent and m mantissa bits. */
    public static FloatEncoding of(String format, long bits, int exponentBits, int mantissaBits) {
        int total = 1 + exponentBits + mantissaBits;
        String all = binary(bits, total);
        int exponentField = (int) ((bits >>> mantissaBits) & ((1L << exponentBits) - 1));
        long mantissaField = bits & ((1L << mantissaBits) - 1);
        int bias = (1 << (exponentBits - 1)) - 1;
        int maxExponent = (1 << exponentBits) - 1;
        String kind = exponentField == maxExponent ? (mantissaField == 0 ? "infinity" : "NaN")
                : exponentField == 0 ? (mantissaField == 0 ? "zero" : "subnormal") : "normal";
        boolean negative = all.charAt(0) == '1';
        double magnitude = switch (kind) {
            case "infinity" -> Double.POSITIVE_INFINITY;
            case "NaN" -> Double.NaN;
            case "zero" -> 0;
            case "subnormal" -> mantissaField * Math.pow(2, 1 - bias - mantissaBits);
            default -> (1 + mantissaField / Math.pow(2, mantissaBits)) * Math.pow(2, exponentField - bias);
        };
        double value = negative ? -magnitude : magnitude;
        String exact = Double.isFinite(value) ? new BigDecimal(value).toString() : kind;
        return new FloatEncoding(format, exponentBits, mantissaBits, all.substring(0, 1),
                all.substring(1, 1 + exponentBits), all.substring(1 + exponentBits), exponentField, bias, kind,
                value, exact);
    }

    public boolean negative() {
        return "1".equals(sign);
    }

    /** The value as (−1)^s × 1.m × 2^(e − bias), with this number's fields. */
    public String formula() {
        String s = "(−1)^" + sign;
        return switch (kind) {
            case "normal" -> s + " × 1." + mantissa + "₂ × 2^(" + exponentField + " − " + bias + ") = "
                    + s + " × " + NumberText.sig(1 + Long.parseLong(mantissa, 2) / Math.pow(2, mantissaBits), 10)
                    + " × 2^" + (exponentField - bias);
            case "subnormal" -> s + " × 0." + mantissa + "₂ × 2^" + (1 - bias) + " (subnormal: no implicit 1)";
            case "zero" -> (negative() ? "−0" : "+0") + " (exponent and mantissa all zero)";
            case "infinity" -> (negative() ? "−∞" : "+∞") + " (exponent all ones, mantissa zero)";
            default -> "NaN (exponent all ones, mantissa not zero)";
        };
    }

    private static String binary(long bits, int width) {
        StringBuilder out = new StringBuilder(width);
        for (int i = width - 1; i >= 0; i--) {
            out.append((bits >>> i & 1) == 1 ? '1' : '0');
        }
        return out.toString();
    }
}
