package io.quantlab.discretize;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Numbers as the lab prints them: a few significant digits, scientific only when very large or small. */
public final class NumberText {
    private NumberText() {
    }

    /** {@code x} to {@code digits} significant digits: 0.02353, 255, 1.19e-7, ∞. */
    public static String sig(double x, int digits) {
        if (Double.isNaN(x)) {
            return "NaN";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "∞" : "−∞";
        }
        if (x == 0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(x).round(new MathContext(digits));
        double magnitude = Math.abs(rounded.doubleValue());
        String text;
        if (magnitude >= 1e6 || magnitude < 1e-3) {
            BigDecimal unscaled = rounded.stripTrailingZeros();
            int exponent = unscaled.precision() - unscaled.scale() - 1;
            String mantissa = unscaled.movePointLeft(exponent).toPlainString();
            text = mantissa + "e" + exponent;
        } else {
            text = rounded.stripTrailingZeros().toPlainString();
        }
        return text.replace('-', '−');
    }

    /** Four significant digits, the lab's default. */
    public static String of(double x) {
        return sig(x, 4);
    }

    /** A share in [0, 1] as a percentage: 0.1 %, 12.35 %, 0 %. */
    public static String percent(double share) {
        if (share == 0) {
            return "0 %";
        }
        return sig(share * 100, 3) + " %";
    }

    /** A signed operand in a formula: negative numbers in parentheses. */
    public static String operand(double x) {
        String text = of(x);
        return x < 0 ? "(" + text + ")" : text;
    }

    /** Whole numbers with thousands separators: 1,000,000. */
    public static String whole(long x) {
        return String.format(Locale.ROOT, "%,d", x).replace('-', '−');
    }
}
