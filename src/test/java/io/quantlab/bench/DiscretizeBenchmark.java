package io.quantlab.bench;

import io.quantlab.discretize.DiscretizeLab;
import io.quantlab.discretize.DiscretizeSettings;
import io.quantlab.discretize.RangeMethod;
import io.quantlab.discretize.RoundingOption;
import io.quantlab.discretize.SchemeOption;
import io.quantlab.discretize.Signal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Lab 1's service on 1,000,000 Gaussian samples at 16, 8, 4 and 2 bits, printed, not asserted
 * (report: bench/discretize/README.md). Skipped unless asked for:
 * {@code mvn -B -o test -Dtest=DiscretizeBenchmark -Dquantlab.bench=true}. Run it alone: the first
 * measurement is the cold one.
 */
@Tag("bench")
@EnabledIfSystemProperty(named = "quantlab.bench", matches = "true")
class DiscretizeBenchmark {
    private static final int N = 1_000_000;
    private static final List<RangeMethod> METHODS = List.of(RangeMethod.MINMAX, RangeMethod.PERCENTILE,
            RangeMethod.MSE, RangeMethod.KL);
    private final DiscretizeLab lab = new DiscretizeLab();

    @Test
    void millionGaussianSamplesFourWidthsFourRangeMethods() {
        long cold = System.nanoTime();
        allMethods();
        System.out.printf("BENCH cold (first call in this JVM), 4 methods x 4 widths, signal generated per method: %.1f ms%n",
                (System.nanoTime() - cold) / 1e6);
        for (int i = 0; i < 15; i++) {
            allMethods();
        }
        int runs = 21;
        double[] total = new double[runs];
        double[][] perMethod = new double[METHODS.size()][runs];
        for (int r = 0; r < runs; r++) {
            long start = System.nanoTime();
            for (int m = 0; m < METHODS.size(); m++) {
                long t = System.nanoTime();
                lab.compare(settings(METHODS.get(m)));
                perMethod[m][r] = (System.nanoTime() - t) / 1e6;
            }
            total[r] = (System.nanoTime() - start) / 1e6;
        }
        for (int m = 0; m < METHODS.size(); m++) {
            System.out.printf("BENCH warm %-10s 1M gaussian, bits 16,8,4,2 (one API request's work): median %.1f ms, min %.1f ms%n",
                    METHODS.get(m).label(), median(perMethod[m]), min(perMethod[m]));
        }
        System.out.printf("BENCH warm all four methods back to back: median %.1f ms, min %.1f ms%n", median(total), min(total));
        double[] generate = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t = System.nanoTime();
            Signal.GAUSSIAN.generate(N, r);
            generate[r] = (System.nanoTime() - t) / 1e6;
        }
        System.out.printf("BENCH warm generating 1M gaussian samples alone: median %.1f ms%n", median(generate));
    }

    private void allMethods() {
        for (RangeMethod m : METHODS) {
            lab.compare(settings(m));
        }
    }

    private static DiscretizeSettings settings(RangeMethod method) {
        return new DiscretizeSettings(Signal.GAUSSIAN, N, 0, List.of(16, 8, 4, 2), SchemeOption.ASYMMETRIC,
                RoundingOption.HALF_EVEN, method, 99.9, null);
    }

    private static double median(double[] xs) {
        double[] sorted = xs.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double min(double[] xs) {
        return Arrays.stream(xs).min().orElseThrow();
    }
}
