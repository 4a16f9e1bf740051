package io.quantlab.ptq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.deploy.StepWeights;
import io.quantlab.deploy.WeightQuantization;
import io.quantlab.quant.ChannelAxis;
import io.quantlab.quant.ClipRange;
import io.quantlab.quant.MinMaxObserver;
import io.quantlab.quant.QuantFormat;
import io.quantlab.quant.QuantParams;
import io.quantlab.quant.QuantScheme;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Weight error numbers and the shared-bin histograms of one layer. */
class LayerErrorTest {

    private static final StepWeights GAUSSIAN = gaussian(8, 72);

    private static StepWeights gaussian(int out, int perChannel) {
        Random random = new Random(3);
        float[] w = new float[out * perChannel];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (random.nextGaussian() * 0.1 * (1 + i / perChannel));
        }
        return new StepWeights(w, new long[] {out, perChannel}, null);
    }

    private static WeightQuantization perChannel(StepWeights w, int bits) {
        MinMaxObserver observer = MinMaxObserver.perChannel(w.outputChannelAxis());
        observer.observe(w.weight());
        return WeightQuantization.of(observer.perChannelParams(QuantFormat.of(bits, QuantScheme.SYMMETRIC)));
    }

    @Test
    void weightsAlreadyOnTheGridHaveNoError() {
        float[] onGrid = {-1f, -0.75f, -0.5f, 0f, 0.25f, 0.5f, 0.75f, 1f};
        StepWeights w = new StepWeights(onGrid, new long[] {2, 4}, null);
        LayerError error = LayerError.of("fc", "Linear", w, WeightQuantization.of(new QuantParams(0.25f, 0, -8, 7)), null);
        assertEquals(0, error.weightMse());
        assertEquals(0, error.weightRelativeError());
        assertEquals(4, error.bits());
        assertEquals(8, error.levelsUsed());
    }

    @Test
    void fewerBitsGiveALargerRelativeErrorAndFewerLevels() {
        LayerError eight = LayerError.of("fc", "Linear", GAUSSIAN, perChannel(GAUSSIAN, 8), null);
        LayerError four = LayerError.of("fc", "Linear", GAUSSIAN, perChannel(GAUSSIAN, 4), null);
        LayerError two = LayerError.of("fc", "Linear", GAUSSIAN, perChannel(GAUSSIAN, 2), null);
        assertTrue(eight.weightRelativeError() < 0.02, eight.toString());
        assertTrue(eight.weightRelativeError() < four.weightRelativeError()
                && four.weightRelativeError() < two.weightRelativeError(), eight + " " + four + " " + two);
        assertTrue(eight.weightMse() < four.weightMse() && four.weightMse() < two.weightMse());
        assertTrue(two.levelsUsed() <= 4 && eight.levelsUsed() > 64, two + " " + eight);
        assertTrue(eight.perChannel());
    }

    @Test
    void relativeErrorIsTheNormOfTheErrorOverTheNormOfTheWeights() {
        WeightQuantization grid = WeightQuantization.of(QuantParams.fromRange(new ClipRange(-0.5f, 0.5f),
                QuantFormat.of(3, QuantScheme.SYMMETRIC)));
        float[] dequantized = FakeQuantizedNetwork.fakeQuantize(GAUSSIAN, grid);
        double error = 0;
        double signal = 0;
        for (int i = 0; i < dequantized.length; i++) {
            error += Math.pow((double) GAUSSIAN.weight()[i] - dequantized[i], 2);
            signal += Math.pow(GAUSSIAN.weight()[i], 2);
        }
        LayerError measured = LayerError.of("fc", "Linear", GAUSSIAN, grid, null);
        assertEquals(Math.sqrt(error / signal), measured.weightRelativeError(), 1e-9);
        assertEquals(error / dequantized.length, measured.weightMse(), 1e-12);
    }

    @Test
    void decibelsAreNullWhereInfiniteOrUndefined() {
        assertEquals(20, LayerError.decibels(100, 1), 1e-12);
        assertNull(LayerError.decibels(5, 0), "no error: infinite SQNR");
        assertNull(LayerError.decibels(0, 0));
        assertNull(LayerError.decibels(0, 1), "no signal");
    }

    @Test
    void histogramsOfFp32AndQuantizedWeightsShareTheirBins() {
        float[] dequantized = FakeQuantizedNetwork.fakeQuantize(GAUSSIAN, perChannel(GAUSSIAN, 2));
        WeightHistogram histogram = WeightHistogram.of("fc", GAUSSIAN.weight(), dequantized, WeightHistogram.BINS);
        float min = GAUSSIAN.weight()[0];
        float max = min;
        for (float v : GAUSSIAN.weight()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(min, histogram.fp32().min(), 0);
        assertEquals(max, histogram.fp32().max(), 0);
        assertEquals(histogram.fp32().min(), histogram.quantized().min(), 0);
        assertEquals(histogram.fp32().max(), histogram.quantized().max(), 0);
        assertEquals(WeightHistogram.BINS, histogram.fp32().counts().length);
        assertEquals(WeightHistogram.BINS, histogram.quantized().counts().length);
        assertEquals(GAUSSIAN.weight().length, histogram.fp32().total());
        assertEquals(GAUSSIAN.weight().length, histogram.quantized().total());
        long occupied = Arrays.stream(histogram.quantized().counts()).filter(c -> c > 0).count();
        // 8 channels × at most 4 levels each (one shared: zero)
        assertTrue(occupied <= 8 * 3 + 1 && occupied < Arrays.stream(histogram.fp32().counts()).filter(c -> c > 0).count(),
                Arrays.toString(histogram.quantized().counts()));
        assertArrayEquals(histogram.fp32().counts(),
                WeightHistogram.of("fc", GAUSSIAN.weight(), GAUSSIAN.weight(), WeightHistogram.BINS).quantized().counts());
    }
}
