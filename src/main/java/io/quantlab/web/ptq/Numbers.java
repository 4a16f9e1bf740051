package io.quantlab.web.ptq;

/** How the PTQ pages write their numbers; "–" where a value was not measured (a simulated-only result). */
public final class Numbers {
    private Numbers() {
    }

    public static String percent(Double value) {
        return value == null ? "–" : String.format("%.2f %%", value);
    }

    /** A difference in percentage points, signed. */
    public static String points(double value) {
        return String.format("%+.2f pt", value);
    }

    public static String ms(Double value) {
        return value == null ? "–" : String.format(value < 1 ? "%.3f ms" : "%.2f ms", value);
    }

    /** A median with its 90th percentile. */
    public static String ms(Double median, Double p90) {
        return median == null ? "–" : ms(median) + " (p90 " + ms(p90) + ")";
    }

    public static String times(Double value) {
        return value == null ? "–" : String.format("%.2f×", value);
    }

    public static String kb(long bytes) {
        return String.format("%,.1f KB", bytes / 1024.0);
    }

    /** A calibration number: scale or range bound, in as many digits as it needs. */
    public static String real(double value) {
        return String.format("%.4g", value);
    }
}
