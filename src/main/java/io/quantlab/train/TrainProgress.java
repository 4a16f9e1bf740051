package io.quantlab.train;

/**
 * A progress report. {@code phase} is one of {@link #LOADING}, {@link #TRAINING},
 * {@link #EVALUATING}, {@link #MEASURING}; {@code step} of {@code steps} counts batches within
 * the phase (over all epochs while training). While training, {@code loss} and {@code accuracy}
 * (percent) are running means over the current epoch; while evaluating, {@code accuracy} is the
 * test accuracy so far and {@code loss} is NaN; otherwise both are NaN.
 */
public record TrainProgress(String phase, long step, long steps, double loss, double accuracy) {
    public static final String LOADING = "loading";
    public static final String TRAINING = "training";
    public static final String EVALUATING = "evaluating";
    public static final String MEASURING = "measuring";
}
