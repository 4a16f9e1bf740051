package io.quantlab.discretize;

import java.util.SplittableRandom;

/** The test signals of the lab; the same seed gives the same samples on every machine. */
public enum Signal implements Named {
    SINE("sine", "sine wave (3 periods, random phase)"),
    GAUSSIAN("gaussian", "Gaussian N(0, 1)"),
    UNIFORM("uniform", "uniform U(−1, 1)"),
    OUTLIERS("outliers", "uniform with outliers (0.1 % at ±5…10)"),
    CUSTOM("custom", "your numbers");

    /** One value in this many is an outlier in {@link #OUTLIERS} (at least one). */
    static final int OUTLIER_EVERY = 1000;

    private final Names names;

    Signal(String label, String title) {
        this.names = new Names(label, title);
    }

    @Override
    public Names names() {
        return names;
    }

    /** {@code n} samples; {@link #CUSTOM} has none of its own. */
    public float[] generate(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[n];
        switch (this) {
            case SINE -> {
                double phase = 2 * Math.PI * random.nextDouble();
                double step = 2 * Math.PI * 3 / n;
                for (int i = 0; i < n; i++) {
                    x[i] = (float) Math.sin(phase + step * i);
                }
            }
            case GAUSSIAN -> gaussian(x, random);
            case UNIFORM -> uniform(x, random);
            case OUTLIERS -> {
                uniform(x, random);
                int outliers = Math.max(1, n / OUTLIER_EVERY);
                for (int k = 0; k < outliers; k++) {
                    double magnitude = 5 + 5 * random.nextDouble();
                    x[random.nextInt(n)] = (float) (random.nextBoolean() ? magnitude : -magnitude);
                }
            }
            case CUSTOM -> throw new IllegalStateException("custom values are given, not generated");
        }
        return x;
    }

    private static void uniform(float[] x, SplittableRandom random) {
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (2 * random.nextDouble() - 1);
        }
    }

    /** Marsaglia's polar method: two standard normal values per accepted pair. */
    static void gaussian(float[] x, SplittableRandom random) {
        int i = 0;
        while (i < x.length) {
            double u = 2 * random.nextDouble() - 1;
            double v = 2 * random.nextDouble() - 1;
            double s = u * u + v * v;
            if (s >= 1 || s == 0) {
                continue;
            }
            double factor = Math.sqrt(-2 * Math.log(s) / s);
            x[i++] = (float) (u * factor);
            if (i < x.length) {
                x[i++] = (float) (v * factor);
            }
        }
    }
}
