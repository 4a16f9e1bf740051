package io.quantlab.qat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quantlab.qat.LayerQuantizerNumbers.Grid;
import io.quantlab.qat.LayerQuantizerNumbers.Numbers;
import io.quantlab.qat.QatConfig.Range;
import io.quantlab.quant.ChannelAxis;
import io.quantlab.quant.QuantFormat;
import io.quantlab.quant.QuantScheme;
import io.quantlab.quant.Rounding;
import org.junit.jupiter.api.Test;

/**
 * Lab 5's formula numbers on a 2-channel layer of 3 weights, against values worked out by hand:
 * channel 0 = [-1.5, 0.75, 0.35], channel 1 = [0.25, -0.95, 0.15].
 */
class LayerQuantizerNumbersTest {
    private static final float[] W = {-1.5f, 0.75f, 0.35f, 0.25f, -0.95f, 0.15f};
    private static final ChannelAxis AXIS = new ChannelAxis(2, 3);
    private static final double EPS = 1e-6;

    private static Numbers numbers(int bits, boolean perChannel, boolean symmetric, Range range, double clipRatio,
                                   double percentile) {
        QuantFormat format = QuantFormat.of(bits, symmetric ? QuantScheme.SYMMETRIC : QuantScheme.AFFINE);
        return LayerQuantizerNumbers.of(W, AXIS, new Grid(format, perChannel, range, clipRatio, percentile),
                Rounding.HALF_TO_EVEN);
    }

    @Test
    void symmetricPerTensorMinMaxAtFourBits() {
        Numbers n = numbers(4, false, true, Range.MIN_MAX, 1, 100);
        // s = max|w| / ((qmax - qmin) / 2) = 1.5 / 7.5; codes -8, 4, 2, 1, -5, 1
        assertEquals(0.2, n.firstParams().scale(), EPS);
        assertEquals(0, n.firstParams().zeroPoint());
        assertEquals(-8, n.firstParams().qmin());
        assertEquals(7, n.firstParams().qmax());
        assertEquals(-1.5, n.firstMinMax().min(), EPS);
        assertEquals(0.75, n.firstMinMax().max(), EPS);
        assertEquals(5, n.levelsUsed());
        assertEquals(0, n.clippedShare());
        // errors 0.1 once and 0.05 five times: (0.01 + 5 · 0.0025) / 6
        assertEquals(0.00375, n.mse(), 1e-8);
        assertEquals(2, n.channels());
        assertEquals(6, n.elements());
    }

    @Test
    void lsqStartsFromTheSteGridWithGradientScaleOneOverRootNQp() {
        Numbers n = numbers(4, false, true, Range.MIN_MAX, 1, 100);
        // s0 = the STE grid's step; Qp = 7; g = 1 / √(6 · 7)
        assertEquals(7, n.qp());
        assertEquals(n.firstParams().scale(), n.lsqStep(), 0);
        assertEquals(0.1543033, n.lsqGradScale(), EPS);
    }

    @Test
    void clipRatioHalvesTheRangeAndClampsWhatFallsOutside() {
        Numbers n = numbers(4, false, true, Range.CLIP_RATIO, 0.5, 100);
        // range 0.5 · [-1.5, 0.75] = [-0.75, 0.375]; s = 0.75 / 7.5; -15, 8 and -10 fall outside -8..7
        assertEquals(-0.75, n.firstRange().min(), EPS);
        assertEquals(0.375, n.firstRange().max(), EPS);
        assertEquals(0.1, n.firstParams().scale(), EPS);
        assertEquals(0.5, n.clippedShare(), EPS);
        assertEquals(4, n.levelsUsed());
    }

    @Test
    void percentileOfTheMagnitudesSetsASymmetricRange() {
        Numbers n = numbers(4, false, true, Range.PERCENTILE, 1, 75);
        // |w| sorted 0.15 0.25 0.35 0.75 0.95 1.5; rank 0.75 · 5 = 3.75: 0.75 + 0.75 · 0.2 = 0.9
        assertEquals(-0.9, n.firstRange().min(), EPS);
        assertEquals(0.9, n.firstRange().max(), EPS);
        assertEquals(0.12, n.firstParams().scale(), EPS);
        assertEquals(1.0 / 6, n.clippedShare(), EPS);
    }

    @Test
    void theGridOfAConfigIsTheLayersOwnBitsAndScheme() {
        QatConfig config = QatConfig.of(java.util.Map.of("weightBits", 4, "layerBits", java.util.Map.of("fc", 2),
                "weightScheme", "asymmetric", "granularity", "per-tensor", "range", "clip-ratio", "clipRatio", 0.5));
        Grid fc = Grid.of(config, "fc");
        assertEquals(QuantFormat.of(2, QuantScheme.AFFINE), fc.format());
        assertEquals(QuantFormat.of(4, QuantScheme.AFFINE), Grid.of(config, "conv1").format());
        assertEquals(false, fc.perChannel());
        assertEquals(Range.CLIP_RATIO, fc.range());
        assertEquals(0.5, fc.clipRatio());
    }

    @Test
    void asymmetricHasAZeroPoint() {
        Numbers n = numbers(4, false, false, Range.MIN_MAX, 1, 100);
        // s = (0.75 + 1.5) / 15; z = 0 - round(-1.5 / 0.15) = 10; codes 0, 15, 12, 12, 4, 11
        assertEquals(0.15, n.firstParams().scale(), EPS);
        assertEquals(10, n.firstParams().zeroPoint());
        assertEquals(0, n.firstParams().qmin());
        assertEquals(15, n.firstParams().qmax());
        assertEquals(5, n.levelsUsed());
    }

    @Test
    void perChannelShowsTheFirstChannelAndTheScalesOfAll() {
        Numbers n = numbers(4, true, true, Range.MIN_MAX, 1, 100);
        assertEquals(0.2, n.firstParams().scale(), EPS);
        assertEquals(0.2, n.maxScale(), EPS);
        assertEquals(0.95 / 7.5, n.minScale(), EPS);
        // LSQ's step per channel starts from channel 0's STE step; N is a channel's 3 weights: g = 1/√(3·7)
        assertEquals(0.2, n.lsqStep(), EPS);
        assertEquals(3, n.elementsPerStep());
        assertEquals(1 / Math.sqrt(21), n.lsqGradScale(), EPS);
    }

    @Test
    void binaryAlphaIsTheMeanMagnitudePerOutputChannel() {
        assertArrayEquals(new float[] {2.6f / 3, 1.35f / 3}, LayerQuantizerNumbers.meanAbsPerChannel(W, AXIS), 1e-6f);
        Numbers n = numbers(2, false, true, Range.MIN_MAX, 1, 100);
        assertEquals(2.6 / 3, n.firstAlpha(), EPS);
        assertEquals(1.35 / 3, n.minAlpha(), EPS);
        assertEquals(2.6 / 3, n.maxAlpha(), EPS);
    }

    @Test
    void oneBitGridIsTwoLevelsWhereLsqHasNoStep() {
        Numbers n = numbers(1, false, true, Range.MIN_MAX, 1, 100);
        assertEquals(-1, n.firstParams().qmin());
        assertEquals(0, n.firstParams().qmax());
        assertEquals(Float.NaN, n.lsqStep()); // Qp = 0: LSQ at 1 bit is refused, its step has no value
        assertEquals(Float.NaN, n.lsqGradScale());
    }
}
