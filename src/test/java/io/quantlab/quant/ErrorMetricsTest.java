package io.quantlab.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorMetricsTest {

    @Test
    void sqnrGainsAboutSixDecibelsPerBit() {
        float[] uniform = new float[100_000];
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < uniform.length; i++) {
            uniform[i] = random.nextFloat() * 2 - 1;
        }
        double previous = Double.NaN;
        for (int bits = 4; bits <= 12; bits++) {
            QuantFormat format = QuantFormat.of(bits, QuantScheme.AFFINE);
            double sqnr = ErrorMetrics.measure(uniform, new RangeEstimator.MinMax().params(uniform, format)).sqnrDb();
            if (!Double.isNaN(previous)) {
                assertEquals(6.02, sqnr - previous, 0.3, "gain from " + (bits - 1) + " to " + bits + " bits");
            }
            previous = sqnr;
        }
    }

    @Test
    void clippedShareCountsValuesBeyondTheGrid() {
        float[] x = {-3f, -1f, 0f, 0.5f, 1f, 2f, 5f, 10f};
        QuantParams params = QuantParams.fromRange(new ClipRange(-1f, 1f), QuantFormat.of(8, QuantScheme.SYMMETRIC_RESTRICTED));
        ErrorMetrics metrics = ErrorMetrics.measure(x, params);
        assertEquals(4.0 / 8, metrics.clippedShare());
        assertEquals(9.0, metrics.maxAbsError(), 1e-6, "10 is clipped to about 1");
    }

    @Test
    void levelsUsedCountsDistinctCodesAndNeverExceedsTheGrid() {
        float[] x = QuantizerPropertiesTest.gaussian(10_000, 0f, 1f, 2);
        QuantFormat twoBits = QuantFormat.of(2, QuantScheme.AFFINE);
        assertEquals(4, ErrorMetrics.measure(x, new RangeEstimator.MinMax().params(x, twoBits)).levelsUsed());
        float[] three = {0f, 0f, 1f, 1f, 2f};
        assertEquals(3, ErrorMetrics.measure(three, new QuantParams(1f, 0, 0, 255)).levelsUsed());
    }

    @Test
    void exactQuantizationHasZeroErrorAndInfiniteSqnr() {
        float[] integers = {-2f, 0f, 3f, 7f};
        ErrorMetrics metrics = ErrorMetrics.measure(integers, new QuantParams(1f, 0, -128, 127));
        assertEquals(0.0, metrics.mse());
        assertEquals(0.0, metrics.maxAbsError());
        assertEquals(Double.POSITIVE_INFINITY, metrics.sqnrDb());
        assertEquals(0.0, metrics.clippedShare());
    }

    @Test
    void perChannelMetricsUseEachChannelsGrid() {
        float[] x = {1f, 2f, 100f, 200f};
        ChannelAxis axis = new ChannelAxis(2, 2);
        PerChannelParams params = PerChannelParams.fromRanges(
                List.of(new ClipRange(0f, 2f), new ClipRange(0f, 200f)), QuantFormat.of(8, QuantScheme.AFFINE));
        ErrorMetrics metrics = ErrorMetrics.measure(x, axis, params, Rounding.HALF_TO_EVEN, 0L);
        assertTrue(metrics.maxAbsError() < 200f / 255 / 2 + 1e-4, "error bounded by the wider channel's half step");
        assertEquals(0.0, metrics.clippedShare());
    }
}
