package io.quantlab.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantizerPropertiesTest {

    /** Every bit width 1..16 with every scheme, signedness and reduce-range that is allowed. */
    static Stream<QuantFormat> formats() {
        List<QuantFormat> out = new ArrayList<>();
        for (int bits = 1; bits <= 16; bits++) {
            for (QuantScheme scheme : QuantScheme.values()) {
                for (boolean signed : new boolean[] {false, true}) {
                    for (boolean reduce : new boolean[] {false, true}) {
                        try {
                            out.add(new QuantFormat(bits, signed, scheme, reduce));
                        } catch (InvalidInputException notAllowed) {
                            // e.g. 1-bit restricted, unsigned restricted: covered by their own tests
                        }
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("formats")
    void roundTripErrorIsAtMostHalfAStepInsideTheRange(QuantFormat format) {
        float[] x = gaussian(2000, 0.5f, 2f, format.bits());
        QuantParams params = new RangeEstimator.MinMax().params(x, format);
        float[] xHat = Quantizer.fakeQuantize(x, params);
        for (int i = 0; i < x.length; i++) {
            if (x[i] >= params.representableMin() && x[i] <= params.representableMax()) {
                double error = Math.abs((double) x[i] - xHat[i]);
                // Float32 rounding of x * (1/scale) and of (q - zp) * scale adds a few ulps.
                double slack = 4 * Math.ulp(Math.max(Math.abs(x[i]), params.scale()));
                assertTrue(error <= params.scale() / 2 + slack,
                        () -> format + ": |x - x̂| = " + error + " > scale/2 = " + params.scale() / 2);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("formats")
    void zeroIsExactlyRepresentable(QuantFormat format) {
        Random random = new Random(format.hashCode());
        for (int trial = 0; trial < 200; trial++) {
            float a = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(7) - 3));
            float b = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(7) - 3));
            QuantParams params = QuantParams.fromRange(new ClipRange(Math.min(a, b), Math.max(a, b)), format);
            float[] zero = Quantizer.fakeQuantize(new float[] {0f}, params);
            assertEquals(0f, zero[0], () -> format + " range [" + Math.min(a, b) + ", " + Math.max(a, b) + "]");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Rounding.class, names = {"HALF_TO_EVEN", "HALF_AWAY_FROM_ZERO", "FLOOR"})
    void staircaseIsMonotone(Rounding rounding) {
        float[] ramp = new float[10_001];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = -6f + 12f * i / (ramp.length - 1);
        }
        for (int bits : new int[] {1, 2, 3, 4, 8, 16}) {
            QuantParams params = QuantParams.fromRange(new ClipRange(-5f, 4f), QuantFormat.of(bits, QuantScheme.AFFINE));
            int[] q = Quantizer.quantize(ramp, params, rounding, 0L);
            float[] xHat = Quantizer.dequantize(q, params);
            for (int i = 1; i < ramp.length; i++) {
                assertTrue(q[i] >= q[i - 1], bits + " bits: q decreases at " + ramp[i]);
                assertTrue(xHat[i] >= xHat[i - 1], bits + " bits: x̂ decreases at " + ramp[i]);
            }
            assertEquals(params.qmin(), q[0], "below the range clamps to qmin");
            assertEquals(params.qmax(), q[ramp.length - 1], "above the range clamps to qmax");
        }
    }

    @Test
    void oneBitGridHasTwoLevelsAndStillKeepsZero() {
        float[] x = gaussian(1000, 0f, 1f, 1);
        for (QuantScheme scheme : new QuantScheme[] {QuantScheme.AFFINE, QuantScheme.SYMMETRIC}) {
            QuantFormat format = QuantFormat.of(1, scheme);
            assertEquals(2, format.levels());
            QuantParams params = new RangeEstimator.MinMax().params(x, format);
            long distinct = Arrays.stream(Quantizer.quantize(x, params)).distinct().count();
            assertTrue(distinct <= 2);
            assertEquals(0f, Quantizer.fakeQuantize(new float[] {0f}, params)[0]);
        }
    }

    @Test
    void sixteenBitsResolveASineToAbout98Decibels() {
        float[] sine = new float[64];
        for (int i = 0; i < sine.length; i++) {
            sine[i] = (float) Math.sin(2 * Math.PI * (-1 + 2.0 * i / 63));
        }
        QuantFormat format = new QuantFormat(16, true, QuantScheme.SYMMETRIC_RESTRICTED, false);
        assertEquals(-32767, format.qmin());
        assertEquals(32767, format.qmax());
        ErrorMetrics metrics = ErrorMetrics.measure(sine, new RangeEstimator.MinMax().params(sine, format));
        assertEquals(98.2, metrics.sqnrDb(), 0.1);
        assertEquals(65536, QuantFormat.of(16, QuantScheme.AFFINE).levels());
    }

    @Test
    void integerRangesFollowPyTorchForEachFormat() {
        assertRange(0, 255, QuantFormat.quint8());
        assertRange(-128, 127, QuantFormat.qint8Symmetric());
        assertRange(0, 127, QuantFormat.quint8().withReduceRange(true));
        assertRange(-64, 63, QuantFormat.qint8Symmetric().withReduceRange(true));
        assertRange(-127, 127, new QuantFormat(8, true, QuantScheme.SYMMETRIC_RESTRICTED, false));
        assertRange(-63, 63, new QuantFormat(8, true, QuantScheme.SYMMETRIC_RESTRICTED, true));
        assertRange(-8, 7, QuantFormat.of(4, QuantScheme.SYMMETRIC));
        assertRange(0, 15, QuantFormat.of(4, QuantScheme.AFFINE));
        assertRange(-1, 1, QuantFormat.of(2, QuantScheme.SYMMETRIC_RESTRICTED));
        assertRange(0, 65535, QuantFormat.of(16, QuantScheme.AFFINE));
    }

    @Test
    void symmetricRestrictedScaleIsMaxAbsOverQmaxWhileSymmetricFollowsPyTorch() {
        ClipRange range = new ClipRange(-2f, 1.27f);
        assertEquals(2f / 127f, QuantParams.fromRange(range, new QuantFormat(8, true, QuantScheme.SYMMETRIC_RESTRICTED, false)).scale());
        // PyTorch divides by (qmax - qmin) / 2 = 127.5, not 127: the extra negative level is used.
        assertEquals(2f / 127.5f, QuantParams.fromRange(range, QuantFormat.qint8Symmetric()).scale());
    }

    @Test
    void unsignedSymmetricPutsTheZeroPointMidGrid() {
        QuantParams params = QuantParams.fromRange(new ClipRange(-1f, 1f), new QuantFormat(8, false, QuantScheme.SYMMETRIC, false));
        assertEquals(128, params.zeroPoint());
    }

    @Test
    void unsignedSymmetricWithReduceRangeKeepsTheZeroPointInsideTheGrid() {
        // Deliberate difference: PyTorch 1.13 returns zero_point 128 for quint8 + reduce_range although
        // the grid is 0..127; that zero-point is not representable, so we use the grid's midpoint.
        QuantParams params = QuantParams.fromRange(new ClipRange(-1f, 1f), new QuantFormat(8, false, QuantScheme.SYMMETRIC, true));
        assertEquals(64, params.zeroPoint());
    }

    @ParameterizedTest
    @ValueSource(floats = {0.5f, -3.25f, 0f, 1e-30f, 7e20f})
    void constantInputGetsAFiniteNonZeroScale(float constant) {
        float[] x = new float[16];
        Arrays.fill(x, constant);
        for (QuantFormat format : formats().toList()) {
            QuantParams params = new RangeEstimator.MinMax().params(x, format);
            assertTrue(params.scale() >= QuantParams.EPS && Float.isFinite(params.scale()), format.toString());
            float[] xHat = Quantizer.fakeQuantize(x, params);
            for (float v : xHat) {
                assertTrue(Float.isFinite(v));
            }
        }
    }

    @Test
    void allZeroInputUsesPyTorchsEpsAndComesBackExactly() {
        float[] zeros = new float[16];
        QuantParams params = new RangeEstimator.MinMax().params(zeros, QuantFormat.quint8());
        assertEquals(0x1p-23f, params.scale());
        assertArrayEquals(zeros, Quantizer.fakeQuantize(zeros, params));
    }

    @Test
    void tiesRoundAccordingToTheChosenMode() {
        float[] ties = {-2.5f, -1.5f, -0.5f, 0.5f, 1.5f, 2.5f};
        QuantParams unit = new QuantParams(1f, 0, -128, 127);
        assertArrayEquals(new int[] {-2, -2, 0, 0, 2, 2}, Quantizer.quantize(ties, unit, Rounding.HALF_TO_EVEN, 0L));
        assertArrayEquals(new int[] {-3, -2, -1, 1, 2, 3}, Quantizer.quantize(ties, unit, Rounding.HALF_AWAY_FROM_ZERO, 0L));
        assertArrayEquals(new int[] {-3, -2, -1, 0, 1, 2}, Quantizer.quantize(ties, unit, Rounding.FLOOR, 0L));
    }

    @Test
    void stochasticRoundingIsUnbiasedAndRepeatableForASeed() {
        float[] x = new float[100_000];
        Arrays.fill(x, 0.3f);
        QuantParams unit = new QuantParams(1f, 0, -128, 127);
        int[] q = Quantizer.quantize(x, unit, Rounding.STOCHASTIC, 42L);
        double mean = Arrays.stream(q).average().orElseThrow();
        assertEquals(0.3, mean, 0.01);
        assertTrue(Arrays.stream(q).allMatch(v -> v == 0 || v == 1));
        assertArrayEquals(q, Quantizer.quantize(x, unit, Rounding.STOCHASTIC, 42L));
        assertNotEquals(Arrays.hashCode(q), Arrays.hashCode(Quantizer.quantize(x, unit, Rounding.STOCHASTIC, 43L)));
    }

    @Test
    void perChannelQuantizationEqualsPerTensorOnEachChannel() {
        int[] shape = {4, 3, 5};
        float[] x = gaussian(60, 0f, 1f, 7);
        ChannelAxis axis = ChannelAxis.of(shape, 1);
        PerChannelParams params = new RangeEstimator.MinMax().perChannelParams(x, axis, QuantFormat.of(4, QuantScheme.AFFINE));
        int[] q = Quantizer.quantize(x, axis, params);
        for (int i = 0; i < x.length; i++) {
            int channel = (i / 5) % 3;
            assertEquals(Quantizer.quantize(new float[] {x[i]}, params.channel(channel))[0], q[i], "element " + i);
        }
    }

    @Test
    void steGradientPassesInsideTheGridAndStopsWhereClipped() {
        QuantParams params = new QuantParams(0.5f, 0, -2, 1);
        float[] x = {-1.5f, -1.0f, 0f, 0.5f, 0.75f, 2f};
        float[] upstream = {1f, 2f, 3f, 4f, 5f, 6f};
        assertArrayEquals(new float[] {0f, 2f, 3f, 4f, 0f, 0f}, Quantizer.steGradient(x, params, upstream));
    }

    @Test
    void nanInfinityAndEmptyInputAreRejectedWithTheOffendingIndex() {
        QuantParams params = QuantParams.fromRange(new ClipRange(-1f, 1f), QuantFormat.quint8());
        InvalidInputException nan = assertThrows(InvalidInputException.class,
                () -> Quantizer.quantize(new float[] {0f, Float.NaN}, params));
        assertEquals("values", nan.field());
        assertTrue(nan.getMessage().contains("values[1] is NaN") && nan.getMessage().contains("finite"), nan.getMessage());
        InvalidInputException inf = assertThrows(InvalidInputException.class,
                () -> new RangeEstimator.MinMax().estimate(new float[] {Float.NEGATIVE_INFINITY}, QuantFormat.quint8()));
        assertTrue(inf.getMessage().contains("-Infinity"), inf.getMessage());
        InvalidInputException empty = assertThrows(InvalidInputException.class,
                () -> Quantizer.fakeQuantize(new float[0], params));
        assertTrue(empty.getMessage().contains("at least 1 value"), empty.getMessage());
    }

    @Test
    void bitWidthsOutsideTheSupportedRangeAreRejectedNamingTheAllowedRange() {
        for (int bits : new int[] {0, -1, 17, 32}) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> QuantFormat.of(bits, QuantScheme.AFFINE));
            assertEquals("bits", e.field());
            assertEquals("bits must be between 1 and 16, got " + bits, e.getMessage());
        }
        InvalidInputException restricted = assertThrows(InvalidInputException.class,
                () -> QuantFormat.of(1, QuantScheme.SYMMETRIC_RESTRICTED));
        assertTrue(restricted.getMessage().contains("between 2 and 16"), restricted.getMessage());
        assertThrows(InvalidInputException.class, () -> new QuantFormat(4, false, QuantScheme.SYMMETRIC_RESTRICTED, false));
    }

    @Test
    void invalidParametersAreRejectedWithTheirAllowedValues() {
        InvalidInputException scale = assertThrows(InvalidInputException.class, () -> new QuantParams(0f, 0, 0, 255));
        assertTrue(scale.getMessage().contains("> 0"), scale.getMessage());
        InvalidInputException zeroPoint = assertThrows(InvalidInputException.class, () -> new QuantParams(1f, 300, 0, 255));
        assertTrue(zeroPoint.getMessage().contains("between qmin 0 and qmax 255"), zeroPoint.getMessage());
        InvalidInputException denormal = assertThrows(InvalidInputException.class, () -> new QuantParams(1e-45f, 0, 0, 255));
        assertTrue(denormal.getMessage().contains("at least"), denormal.getMessage());
        assertThrows(InvalidInputException.class, () -> new ClipRange(1f, -1f));
        assertThrows(InvalidInputException.class, () -> new ClipRange(Float.NaN, 1f));
        InvalidInputException tooWide = assertThrows(InvalidInputException.class,
                () -> QuantParams.fromRange(new ClipRange(-Float.MAX_VALUE, Float.MAX_VALUE), QuantFormat.quint8()));
        assertTrue(tooWide.getMessage().contains("too wide"), tooWide.getMessage());
    }

    @Test
    void gridEndsStayFiniteNearTheFloat32Limit() {
        // max|x| · 128/127.5 exceeds Float.MAX_VALUE: the lowest level would dequantize to −∞.
        InvalidInputException symmetric = assertThrows(InvalidInputException.class,
                () -> QuantParams.fromRange(new ClipRange(-3.4e38f, 1f), QuantFormat.qint8Symmetric()));
        assertEquals("range", symmetric.field());
        assertTrue(symmetric.getMessage().contains("too wide"), symmetric.getMessage());
        for (QuantScheme scheme : QuantScheme.values()) {
            for (float bound : new float[] {1e38f, 3e38f, Float.MAX_VALUE}) {
                try {
                    QuantParams p = QuantParams.fromRange(new ClipRange(-bound, 0.5f * bound), QuantFormat.of(8, scheme));
                    float[] ends = Quantizer.dequantize(new int[] {p.qmin(), p.qmax()}, p);
                    assertTrue(Float.isFinite(ends[0]) && Float.isFinite(ends[1]), scheme + " " + bound + " " + p);
                } catch (InvalidInputException e) {
                    assertEquals("range", e.field(), e.getMessage());
                }
            }
        }
    }

    @Test
    void channelLayoutMismatchIsReportedClearly() {
        ChannelAxis axis = ChannelAxis.of(new int[] {3, 4}, 0);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new RangeEstimator.MinMax().estimatePerChannel(new float[10], axis, QuantFormat.quint8()));
        assertTrue(e.getMessage().contains("3 channels"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> ChannelAxis.of(new int[] {3, 4}, 2));
    }

    @Test
    void discretizationRunsRangeParamsQuantizeAndMetricsConsistently() {
        float[] x = gaussian(5000, 0.5f, 2f, 31);
        QuantFormat format = QuantFormat.of(4, QuantScheme.AFFINE);
        Discretization run = Discretization.run(x, format, new RangeEstimator.Percentile(99), Rounding.STOCHASTIC, 9L);
        assertEquals(QuantParams.fromRange(run.range(), format), run.params());
        assertArrayEquals(Quantizer.quantize(x, run.params(), Rounding.STOCHASTIC, 9L), run.codes());
        assertArrayEquals(Quantizer.dequantize(run.codes(), run.params()), run.dequantized());
        assertEquals(ErrorMetrics.measure(x, run.params(), Rounding.STOCHASTIC, 9L), run.metrics());
        assertTrue(run.metrics().clippedShare() > 0.005 && run.metrics().clippedShare() < 0.05);
    }

    private static void assertRange(int qmin, int qmax, QuantFormat format) {
        assertEquals(qmin, format.qmin(), format + " qmin");
        assertEquals(qmax, format.qmax(), format + " qmax");
    }

    static float[] gaussian(int n, float mean, float std, long seed) {
        Random random = new Random(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (mean + std * random.nextGaussian());
        }
        return out;
    }
}
