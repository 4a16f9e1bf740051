package io.quantlab.discretize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quantlab.InvalidInputException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class DiscretizeLabTest {
    private final DiscretizeLab lab = new DiscretizeLab();

    @Test
    void signalsAreDeterministicBySeed() {
        for (Signal s : List.of(Signal.SINE, Signal.GAUSSIAN, Signal.UNIFORM, Signal.OUTLIERS)) {
            assertArrayEquals(s.generate(5000, 7), s.generate(5000, 7), s.label());
            assertFalse(Arrays.equals(s.generate(5000, 7), s.generate(5000, 8)), s.label() + " depends on the seed");
        }
    }

    @Test
    void signalsHaveTheAdvertisedShape() {
        float[] g = Signal.GAUSSIAN.generate(200_000, 1);
        double mean = 0;
        double square = 0;
        for (float v : g) {
            mean += v;
            square += (double) v * v;
        }
        mean /= g.length;
        assertEquals(0, mean, 0.01);
        assertEquals(1, Math.sqrt(square / g.length - mean * mean), 0.01);
        for (float v : Signal.UNIFORM.generate(10_000, 1)) {
            assertTrue(v >= -1 && v <= 1);
        }
        for (float v : Signal.SINE.generate(10_000, 1)) {
            assertTrue(v >= -1 && v <= 1);
        }
        float[] outliers = Signal.OUTLIERS.generate(10_000, 3);
        long big = LongStream.range(0, outliers.length).filter(i -> Math.abs(outliers[(int) i]) >= 5).count();
        assertTrue(big >= 5 && big <= 10, "about 0.1 % outliers, got " + big);
        assertEquals(1, LongStream.range(0, 10).filter(i -> Math.abs(Signal.OUTLIERS.generate(10, 3)[(int) i]) >= 5)
                .count(), "even a short signal has its outlier");
    }

    @Test
    void envelopeKeepsExtremesOfEveryStretchAndStaysSmall() {
        float[] x = Signal.GAUSSIAN.generate(1_000_000, 4);
        x[123_457] = 50f;
        x[876_543] = -60f;
        Plots.Envelope e = PlotData.envelope(x, 500);
        assertEquals(500, e.start().length);
        assertEquals(0, e.start()[0]);
        for (int k = 1; k < e.start().length; k++) {
            assertEquals(k * 2000, e.start()[k], "equal stretches");
            assertTrue(e.min()[k] <= e.max()[k]);
        }
        assertEquals(50f, e.max()[123_457 / 2000], "keeps the maximum in its stretch");
        assertEquals(-60f, e.min()[876_543 / 2000], "keeps the minimum in its stretch");
        Plots.Envelope shortSeries = PlotData.envelope(new float[] {3, 1, 2}, 500);
        assertArrayEquals(new int[] {0, 1, 2}, shortSeries.start(), "short: one stretch per sample");
        assertArrayEquals(new float[] {3, 1, 2}, shortSeries.min());
        assertArrayEquals(new float[] {3, 1, 2}, shortSeries.max());
    }

    @Test
    void asymmetricIsUnsignedWithTheRangeWidenedToIncludeZero() {
        float[] positive = {0.5f, 1f, 2f, 4.25f};
        BitWidthResult r = lab.compare(custom(positive, List.of(8), SchemeOption.ASYMMETRIC)).at(8);
        assertEquals(0, r.qmin());
        assertEquals(255, r.qmax());
        assertEquals(0f, r.clipMin(), "range widened to include 0");
        assertEquals(4.25f, r.clipMax());
        assertEquals(4.25f / 255, r.scale(), 1e-7);
        assertEquals(0, r.zeroPoint());
        assertEquals(256, r.levelsAvailable());
        assertEquals(4, r.levelsUsed());
        assertEquals(0, r.clippedShare());
        BitWidthResult symmetric = lab.compare(custom(positive, List.of(8), SchemeOption.SYMMETRIC)).at(8);
        assertEquals(-128, symmetric.qmin());
        assertEquals(-4.25f, symmetric.clipMin());
        BitWidthResult restricted = lab.compare(custom(positive, List.of(8), SchemeOption.RESTRICTED)).at(8);
        assertEquals(-127, restricted.qmin());
        assertEquals(4.25f / 127, restricted.scale(), 1e-7);
    }

    @Test
    void sqnrGrowsAboutSixDecibelsPerBitAndIsNullWithoutError() {
        Comparison c = lab.compare(settings(Signal.UNIFORM, 100_000, List.of(16, 8, 4, 2), RangeMethod.MINMAX));
        assertEquals(100_000, c.n());
        assertEquals(List.of(16, 8, 4, 2), c.results().stream().map(BitWidthResult::bits).toList());
        assertEquals(6.02 * 4, c.at(8).sqnrDb() - c.at(4).sqnrDb(), 1.0);
        assertTrue(c.at(16).mse() < c.at(8).mse() && c.at(8).mse() < c.at(4).mse());
        BitWidthResult exact = lab.compare(custom(new float[] {0, 1, 2, 255}, List.of(8), SchemeOption.ASYMMETRIC)).at(8);
        assertEquals(0, exact.mse());
        assertNull(exact.sqnrDb(), "no error: infinite SQNR is reported as null");
    }

    @Test
    void percentileClipsTheOutlierMinMaxKeepsIt() {
        OutlierDemo demo = OutlierDemo.run(8, SchemeOption.ASYMMETRIC, io.quantlab.quant.Rounding.HALF_TO_EVEN, 99.9, 0);
        assertEquals(100f, demo.minMax().clipMax());
        assertTrue(demo.percentile().clipMax() < 5);
        assertTrue(demo.percentile().mseInliers() * 50 < demo.minMax().mseInliers(), "percentile is much finer on the inliers");
        assertTrue(demo.minMax().mseAll() < demo.percentile().mseAll(), "but the clipped outlier dominates its MSE");
        assertEquals(100 - demo.percentile().clipMax(), demo.percentile().outlierError(), 0.05);
        Comparison withOutliers = lab.compare(settings(Signal.OUTLIERS, 10_000, List.of(8), RangeMethod.PERCENTILE));
        assertTrue(withOutliers.at(8).clippedShare() > 0);
    }

    @Test
    void exploreDrawsOneWidthWithSmallChartsAndEverySampleInTheHistogram() {
        LabRun run = lab.explore(settings(Signal.GAUSSIAN, 300_000, List.of(16, 8, 4, 2), RangeMethod.MSE), 8);
        assertEquals(8, run.plotBits());
        Plots p = run.plots();
        assertEquals(Plots.WINDOW, p.window().original().length, "the window holds its samples one by one");
        float[] x = Signal.GAUSSIAN.generate(300_000, 0);
        for (int i = 0; i < Plots.WINDOW; i++) {
            assertEquals(x[i], p.window().original()[i], "sample " + i);
            assertEquals(p.window().quantized()[i] - x[i], p.window().error()[i], 1e-6, "error of sample " + i);
            if (x[i] >= p.clip()[0] && x[i] <= p.clip()[1]) {
                assertTrue(Math.abs(p.window().error()[i]) <= p.scale() / 2 * 1.0001, "within ±Δ/2 inside [α, β]");
            }
        }
        assertEquals(Plots.ENVELOPE_BUCKETS, p.signal().start().length);
        assertEquals(Plots.ENVELOPE_BUCKETS, p.error().start().length);
        assertEquals(Plots.TRANSFER_POINTS, p.transfer().x().length);
        assertEquals(300_000, Arrays.stream(p.histogram().counts()).sum() + p.histogram().beyond());
        assertEquals(0, lab.explore(settings(Signal.GAUSSIAN, 10_000, List.of(8), RangeMethod.MINMAX), 8).plots()
                .histogram().beyond(), "min-max never clips");
        Plots clipped = lab.explore(settings(Signal.OUTLIERS, 100_000, List.of(4), RangeMethod.PERCENTILE), 4).plots();
        assertTrue(clipped.histogram().beyond() >= 50, "clipped outliers are counted beyond the bins");
        assertEquals(-clipped.scale(), clipped.histogram().from(), 1e-6, "bins cover ±Δ");
        assertEquals(run.comparison().at(8).clipMin(), p.clip()[0]);
        assertTrue(run.formulas().stream().anyMatch(f -> f.text().startsWith("Δ = (β − α)/(2^b − 1) = ")),
                run.formulas().toString());
        assertEquals(4, lab.explore(settings(Signal.GAUSSIAN, 1000, List.of(16, 8, 4, 2), RangeMethod.MINMAX), null).plotBits());
        assertEquals(2, lab.explore(settings(Signal.GAUSSIAN, 1000, List.of(8, 2), RangeMethod.MINMAX), 5).plotBits(),
                "a width not compared falls back to the default");
    }

    @Test
    void everyChoiceWorksAtTheEdgesWithoutAnUnexpectedFailure() {
        List<float[]> inputs = List.of(new float[] {0.3f}, new float[] {2f, 2f, 2f}, new float[] {0f, 0f},
                new float[] {-1e30f, 1e30f}, new float[] {1e-40f, -1e-42f}, Signal.OUTLIERS.generate(3000, 2));
        for (float[] values : inputs) {
            for (SchemeOption scheme : SchemeOption.values()) {
                for (RoundingOption rounding : RoundingOption.values()) {
                    for (RangeMethod range : RangeMethod.values()) {
                        List<Integer> bits = scheme == SchemeOption.RESTRICTED ? List.of(16, 2) : List.of(16, 2, 1);
                        DiscretizeSettings s = new DiscretizeSettings(Signal.CUSTOM, 0, 1, bits, scheme, rounding, range,
                                99, values);
                        try {
                            LabRun run = lab.explore(s, null);
                            for (BitWidthResult r : run.comparison().results()) {
                                assertTrue(Double.isFinite(r.mse()) && r.scale() > 0, r.toString());
                            }
                        } catch (InvalidInputException e) {
                            fail(Arrays.toString(Arrays.copyOf(values, 3)) + " " + scheme + " " + rounding + " " + range
                                    + ": " + e.getMessage());
                        }
                    }
                }
            }
        }
    }

    @Test
    void badSettingsNameTheFieldAndWhatIsAllowed() {
        assertRefused("n", "1 and 1,000,000", "n", "0");
        assertRefused("n", "1 and 1,000,000", "n", "1000001");
        assertRefused("n", "whole number", "n", "ten");
        assertRefused("bits", "between 1 and 16", "bits", "8,17");
        assertRefused("bits", "'x' is not a whole number", "bits", "8,x");
        assertRefused("percentile", "(50, 100]", "percentile", "50");
        assertRefused("percentile", "(50, 100]", "percentile", "100.5");
        assertRefused("scheme", "asymmetric, symmetric, restricted", "scheme", "affine");
        assertRefused("rounding", "half-even, half-away, floor, stochastic", "rounding", "up");
        assertRefused("range", "minmax, percentile, mse, kl, histogram", "range", "max");
        assertRefused("signal", "sine, gaussian, uniform, outliers, custom", "signal", "square");
        assertRefused("bits", "between 2 and 16", "scheme", "restricted", "bits", "1");
        assertRefused("values", "number 3 ('abc') is not a number", "signal", "custom", "values", "1, 2 abc 4");
        assertRefused("values", "not a finite float32", "signal", "custom", "values", "1 1e39");
        assertRefused("values", "not a finite float32", "signal", "custom", "values", "NaN");
        assertRefused("values", "at least one number", "signal", "custom", "values", " , ");
        assertRefused("values", "at most 1,000,000", "signal", "custom", "values", "0 ".repeat(1_000_001));
    }

    @Test
    void emptyFieldsAreRefusedUnlessTheyAreTheUnusedBoxOfPastedNumbers() {
        assertRefused("bits", "bits: empty; give widths between 1 and 16", "bits", "");
        assertRefused("bits", "bits: no width given", "bits", " ,,, ");
        assertRefused("n", "n: empty; give a whole number between 1 and 1,000,000", "n", " ");
        assertRefused("seed", "seed: empty", "seed", "");
        assertRefused("percentile", "percentile: empty", "percentile", "");
        assertRefused("scheme", "scheme: empty; give one of asymmetric", "scheme", "");
        assertRefused("signal", "signal: empty", "signal", "");
        assertRefused("values", "values: paste at least one number", "values", "");
        assertRefused("values", "values: paste at least one number", "signal", "custom", "values", "");
        assertEquals(Signal.SINE, SettingsFields.parse(java.util.Map.of("signal", "sine", "values", "")::get, null)
                .signal(), "the form sends its empty box along with every other signal");
    }

    @Test
    void pastedNumbersAreReadChunkByChunkAndEchoedCut() throws java.io.IOException {
        String text = "1, 2;3\n-4.5\t5e-1 " + "0.125 ".repeat(10_000);
        java.io.Reader trickle = new java.io.StringReader(text) {
            @Override
            public int read(char[] chars, int offset, int length) throws java.io.IOException {
                return super.read(chars, offset, Math.min(length, 3));
            }
        };
        assertArrayEquals(PastedNumbers.parse(text, "values"), PastedNumbers.read(trickle, "values"),
                "tokens split across reads are joined");

        InvalidInputException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidInputException.class,
                () -> PastedNumbers.parse("1 " + "9".repeat(5_000_000), "values"));
        assertTrue(e.getMessage().startsWith("values: number 2 ('" + "9".repeat(79) + "…') is not a number"),
                e.getMessage().substring(0, 120));
        assertTrue(e.getMessage().length() < 200, "a 5-million-digit token is not sent back whole");
    }

    @Test
    void pastedNumbersAcceptCommonSeparatorsAndDefaultsFillTheRest() {
        DiscretizeSettings s = SettingsFields.parse(java.util.Map.of("values", "1, 2;3\n-4.5\t5e-1")::get, null);
        assertEquals(Signal.CUSTOM, s.signal(), "values alone mean the user's numbers");
        assertArrayEquals(new float[] {1, 2, 3, -4.5f, 0.5f}, s.values());
        assertEquals(5, s.n());
        assertEquals(List.of(16, 8, 4, 2), s.bits());
        assertEquals(List.of(8, 4), SettingsFields.parse(java.util.Map.of("bits", " 8 ,4,8 ")::get, null).bits());
    }

    private static void assertRefused(String field, String message, String... keysAndValues) {
        java.util.Map<String, String> fields = new java.util.HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            fields.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        try {
            SettingsFields.parse(fields::get, null);
            fail("accepted " + fields);
        } catch (InvalidInputException e) {
            assertEquals(field, e.field(), e.getMessage());
            assertTrue(e.getMessage().contains(message), e.getMessage());
            assertTrue(e.getMessage().startsWith(field), "the message names the field: " + e.getMessage());
        }
    }

    static DiscretizeSettings settings(Signal signal, int n, List<Integer> bits, RangeMethod range) {
        return new DiscretizeSettings(signal, n, 0, bits, SchemeOption.ASYMMETRIC, RoundingOption.HALF_EVEN, range, 99.9,
                null);
    }

    static DiscretizeSettings custom(float[] values, List<Integer> bits, SchemeOption scheme) {
        return new DiscretizeSettings(Signal.CUSTOM, 0, 0, bits, scheme, RoundingOption.HALF_EVEN, RangeMethod.MINMAX,
                99.9, values);
    }
}
