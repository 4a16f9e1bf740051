package io.quantlab.quant;

import static io.quantlab.quant.TorchReference.PARAM_TOLERANCE;
import static io.quantlab.quant.TorchReference.assertParams;
import static io.quantlab.quant.TorchReference.each;
import static io.quantlab.quant.TorchReference.f32;
import static io.quantlab.quant.TorchReference.floats;
import static io.quantlab.quant.TorchReference.formatOf;
import static io.quantlab.quant.TorchReference.ints;
import static io.quantlab.quant.TorchReference.sum;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Range estimators against PyTorch 1.13's observers and numpy's percentile on the same inputs:
 * parameters to a relative 1e-6 (in practice bit-identical), integers exactly.
 */
class ObserverParityTest {
    @TestFactory
    Stream<DynamicTest> minMaxObserverGivesPyTorchScaleAndZeroPoint() {
        return each("torch.ao.quantization.MinMaxObserver", c -> {
            JsonNode expected = c.get("expected");
            QuantFormat format = formatOf(c.get("params"));
            MinMaxObserver observer = MinMaxObserver.perTensor();
            observer.observe(floats(c.get("input")));
            ClipRange range = observer.range();
            assertEquals(f32(expected.get("min_val")), range.min());
            assertEquals(f32(expected.get("max_val")), range.max());
            assertParams(expected.get("scale"), expected.get("zero_point").asInt(), QuantParams.fromRange(range, format));
        });
    }

    @TestFactory
    Stream<DynamicTest> movingAverageObserverFollowsEachBatchLikePyTorch() {
        return each("torch.ao.quantization.MovingAverageMinMaxObserver", c -> {
            QuantFormat format = formatOf(c.get("params"));
            float constant = f32(c.get("params").get("averaging_constant"));
            MovingAverageMinMaxObserver observer = MovingAverageMinMaxObserver.perTensor(constant);
            JsonNode batches = c.get("inputs");
            for (int i = 0; i < batches.size(); i++) {
                observer.observe(floats(batches.get(i)));
                JsonNode after = c.get("expected").get("after_each_batch").get(i);
                assertEquals(f32(after.get("min_val")), observer.range().min(), "min after batch " + i);
                assertEquals(f32(after.get("max_val")), observer.range().max(), "max after batch " + i);
                assertParams(after.get("scale"), after.get("zero_point").asInt(), observer.params(format));
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> perChannelMinMaxGivesPyTorchScalesPerOutputChannel() {
        return each("torch.ao.quantization.PerChannelMinMaxObserver", c -> {
            JsonNode params = c.get("params");
            JsonNode expected = c.get("expected");
            QuantFormat format = formatOf(params);
            ChannelAxis axis = ChannelAxis.of(TorchReference.shape(c.get("input")), params.get("ch_axis").asInt());
            MinMaxObserver observer = MinMaxObserver.perChannel(axis);
            observer.observe(floats(c.get("input")));
            List<ClipRange> ranges = observer.ranges();
            PerChannelParams perChannel = observer.perChannelParams(format);
            float[] scales = floats(expected.get("scales"));
            int[] zeroPoints = ints(expected.get("zero_points"));
            for (int ch = 0; ch < axis.channels(); ch++) {
                assertEquals(f32(expected.get("min_vals").get(ch)), ranges.get(ch).min(), "min of channel " + ch);
                assertEquals(f32(expected.get("max_vals").get(ch)), ranges.get(ch).max(), "max of channel " + ch);
                assertEquals(scales[ch], perChannel.channel(ch).scale(), scales[ch] * PARAM_TOLERANCE, "scale of channel " + ch);
            }
            assertArrayEquals(zeroPoints, perChannel.zeroPoints());
        });
    }

    @TestFactory
    Stream<DynamicTest> histogramObserverReproducesPyTorch113IncludingItsHistcQuirk() {
        return each("torch.ao.quantization.HistogramObserver", c -> {
            JsonNode params = c.get("params");
            JsonNode expected = c.get("expected");
            QuantFormat format = formatOf(params);
            HistogramObserver observer = new HistogramObserver(format, params.get("bins").asInt(),
                    params.get("upsample_rate").asInt(), true);
            List<float[]> batches = c.has("inputs")
                    ? StreamSupport.stream(c.get("inputs").spliterator(), false).map(TorchReference::floats).toList()
                    : List.of(floats(c.get("input")));
            for (int i = 0; i < batches.size(); i++) {
                observer.observe(batches.get(i));
                JsonNode after = expected.get("after_each_batch").get(i);
                assertEquals(f32(after.get("min_val")), observer.histogramRange().min(), "histogram min after batch " + i);
                assertEquals(f32(after.get("max_val")), observer.histogramRange().max(), "histogram max after batch " + i);
                assertEquals(after.get("histogram_total").asDouble(), sum(observer.histogram()), 1e-3,
                        "values kept after batch " + i + " (1.13 drops those outside the truncated histc range)");
            }
            assertArrayEquals(floats(expected.get("histogram")), observer.histogram(), "final histogram");
            assertArrayEquals(new int[] {expected.get("search_start_bin").asInt(), expected.get("search_end_bin").asInt()},
                    observer.searchBins(), "bins chosen by the L2 search");
            ClipRange range = observer.range();
            assertEquals(f32(expected.get("search_min_val")), range.min());
            assertEquals(f32(expected.get("search_max_val")), range.max());
            assertParams(expected.get("scale"), expected.get("zero_point").asInt(), QuantParams.fromRange(range, format));
        });
    }

    @TestFactory
    Stream<DynamicTest> percentileMatchesNumpyLinearMethod() {
        return each("numpy.percentile", c -> {
            float[] x = floats(c.get("input"));
            double[] qs = TorchReference.doubles(c.get("params").get("q"));
            double[] expected = TorchReference.doubles(c.get("expected").get("percentiles"));
            // The fixture's reference is numpy on the data widened to float64, as we compute;
            // numpy on the float32 array itself rounds the interpolation in float32 (also stored).
            assertArrayEquals(expected, Percentiles.percentiles(x, false, qs), 1e-12);
            double[] qAbs = TorchReference.doubles(c.get("params").get("q_abs"));
            assertArrayEquals(TorchReference.doubles(c.get("expected").get("abs_percentiles")),
                    Percentiles.percentiles(x, true, qAbs), 1e-12);
        });
    }
}
