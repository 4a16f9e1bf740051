package io.quantlab.quant;

import static io.quantlab.quant.QuantizerPropertiesTest.gaussian;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.InvalidInputException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RangeEstimatorTest {

    static Stream<RangeEstimator> estimators() {
        return Stream.of(new RangeEstimator.MinMax(), new RangeEstimator.Percentile(99.9), new RangeEstimator.MseSearch(),
                new RangeEstimator.KlEntropy(), new RangeEstimator.HistogramSearch(),
                new RangeEstimator.HistogramSearch(2048, 128, true));
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 4095, 4096, 100_000})
    void percentileOfLargeArraysEqualsTheSortBasedNumpyDefinition(int n) {
        float[] x = gaussian(n, 1f, 3f, n);
        float[] sorted = x.clone();
        Arrays.sort(sorted);
        for (double p : new double[] {0, 0.01, 0.1, 1, 25, 50, 99, 99.9, 99.99, 100}) {
            double rank = p / 100 * (n - 1);
            int lo = (int) Math.floor(rank);
            int hi = (int) Math.ceil(rank);
            double t = rank - lo;
            double expected = t >= 0.5 ? sorted[hi] - (sorted[hi] - (double) sorted[lo]) * (1 - t)
                    : sorted[lo] + (sorted[hi] - (double) sorted[lo]) * t;
            assertEquals(expected, Percentiles.percentile(x, p), 0.0, "p = " + p);
        }
    }

    @ParameterizedTest
    @MethodSource("estimators")
    void valuesSpanningMoreThanFloat32AreRefusedClearlyOrQuantizedFinitely(RangeEstimator estimator) {
        float[] x = {-3.4e38f, 0f, 1f, 3.4e38f};
        for (QuantScheme scheme : QuantScheme.values()) {
            QuantFormat format = QuantFormat.of(8, scheme);
            try {
                QuantParams p = estimator.params(x, format);
                float[] dequantized = Quantizer.fakeQuantize(x, p);
                for (float v : dequantized) {
                    assertTrue(Float.isFinite(v), estimator + " " + scheme + " " + p);
                }
            } catch (InvalidInputException e) {
                assertTrue(e.getMessage().contains("float32"), estimator + " " + scheme + ": " + e.getMessage());
                assertTrue(!e.getMessage().contains("NaN"), e.getMessage());
            }
        }
    }

    @Test
    void percentileHandlesHeavyDuplicatesAndNegativeZeroRanges() {
        float[] x = new float[50_000];
        x[0] = -7f;
        x[1] = 1000f;
        assertEquals(0.0, Percentiles.percentile(x, 50), 0.0);
        assertEquals(1000.0, Percentiles.percentile(x, 100), 0.0);
        assertEquals(-7.0, Percentiles.percentile(x, 0), 0.0);
        assertEquals(1000.0, Percentiles.absPercentile(x, 100), 0.0);
    }

    @Test
    void percentileClipsTheTailsAffineAndSymmetric() {
        float[] x = gaussian(100_000, 0f, 1f, 3);
        x[0] = 1000f;
        ClipRange affine = new RangeEstimator.Percentile(99.9).estimate(x, QuantFormat.quint8());
        assertEquals(-3.09, affine.min(), 0.1);
        assertEquals(3.09, affine.max(), 0.1);
        ClipRange symmetric = new RangeEstimator.Percentile(99.9).estimate(x, QuantFormat.qint8Symmetric());
        assertEquals(3.29, symmetric.max(), 0.1, "99.9th percentile of |x| for a standard normal");
        assertEquals(-symmetric.max(), symmetric.min());
        assertThrows(InvalidInputException.class, () -> new RangeEstimator.Percentile(40));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 8})
    void mseSearchNeverDoesWorseThanMinMaxAndClipsAnOutlierAtLowBits(int bits) {
        float[] x = gaussian(20_000, 0f, 1f, bits);
        x[0] = 40f;
        QuantFormat format = QuantFormat.of(bits, QuantScheme.SYMMETRIC);
        double minMaxMse = ErrorMetrics.measure(x, new RangeEstimator.MinMax().params(x, format)).mse();
        ClipRange searched = new RangeEstimator.MseSearch().estimate(x, format);
        double searchedMse = ErrorMetrics.measure(x, QuantParams.fromRange(searched, format)).mse();
        assertTrue(searchedMse <= minMaxMse, "MSE search " + searchedMse + " vs min-max " + minMaxMse);
        if (bits <= 4) {
            assertTrue(searched.max() < 10f, "an outlier at 40 should be clipped at " + bits + " bits, got " + searched);
        }
    }

    @Test
    void klEntropyIgnoresAFarOutlierAndKeepsTheBulkOfAGaussian() {
        float[] x = gaussian(200_000, 0f, 1f, 11);
        x[0] = 100f;
        ClipRange range = new RangeEstimator.KlEntropy().estimate(x, QuantFormat.qint8Symmetric());
        assertTrue(range.max() > 2.5f && range.max() < 10f, "KL threshold " + range.max());
        // The threshold applies to |x|; the range never reaches past the data.
        assertTrue(range.min() >= -range.max(), range.toString());
    }

    @Test
    void klEntropyOnAPlainGaussianClipsBetweenThreeAndFiveSigmaAt8Bits() {
        float[] x = gaussian(200_000, 0f, 1f, 13);
        ClipRange range = new RangeEstimator.KlEntropy().estimate(x, QuantFormat.qint8Symmetric());
        assertTrue(range.max() > 3f && range.max() < 5f, range.toString());
    }

    @Test
    void klEntropyOnOneSidedDataKeepsZeroAsTheLowerBound() {
        float[] relu = gaussian(50_000, 0f, 1f, 12);
        for (int i = 0; i < relu.length; i++) {
            relu[i] = Math.max(relu[i], 0f);
        }
        ClipRange range = new RangeEstimator.KlEntropy().estimate(relu, QuantFormat.quint8());
        assertEquals(0f, range.min());
        assertTrue(range.max() > 2f && range.max() <= 5f, range.toString());
    }

    @Test
    void histogramSearchWithoutTheQuirkKeepsEveryValue() {
        float[] x = new float[1000];
        for (int i = 0; i < x.length; i++) {
            x[i] = 0.5f + 1.2f * i / (x.length - 1);
        }
        HistogramObserver exact = new HistogramObserver(QuantFormat.quint8());
        exact.observe(x);
        assertEquals(1000.0, TorchReference.sum(exact.histogram()), 1e-9);
        // PyTorch 1.13 histograms over [int(0.5), int(1.7)] = [0, 1] and drops everything above 1.
        HistogramObserver torch113 = new HistogramObserver(QuantFormat.quint8(), 2048, 128, true);
        torch113.observe(x);
        assertTrue(TorchReference.sum(torch113.histogram()) < 500);
    }

    @Test
    void histogramObserverMergesBatchesWithoutLosingValues() {
        HistogramObserver observer = new HistogramObserver(QuantFormat.quint8());
        float[] small = gaussian(1000, 0f, 1f, 1);
        float[] wide = gaussian(1000, 0f, 5f, 2);
        observer.observe(small);
        observer.observe(wide);
        assertEquals(2000.0, TorchReference.sum(observer.histogram()), 1e-2);
        ClipRange range = observer.range();
        assertTrue(range.min() < 0 && range.max() > 0, range.toString());
    }

    @ParameterizedTest
    @MethodSource("estimators")
    void constantAndAllZeroInputGiveValidParameters(RangeEstimator estimator) {
        for (float constant : new float[] {0f, 0.5f, -2f}) {
            float[] x = new float[5000];
            Arrays.fill(x, constant);
            for (QuantFormat format : List.of(QuantFormat.quint8(), QuantFormat.qint8Symmetric(), QuantFormat.of(2, QuantScheme.AFFINE))) {
                QuantParams params = estimator.params(x, format);
                assertTrue(params.scale() >= QuantParams.EPS && Float.isFinite(params.scale()), estimator + " " + format);
                float[] xHat = Quantizer.fakeQuantize(x, params);
                if (constant == 0f) {
                    assertArrayEquals(x, xHat, estimator + " keeps zeros exact");
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("estimators")
    void perChannelEstimatesEqualEstimatesOfEachChannelAlone(RangeEstimator estimator) {
        int[] shape = {6, 4, 50};
        float[] x = gaussian(1200, 0f, 1f, 5);
        ChannelAxis axis = ChannelAxis.of(shape, 1);
        QuantFormat format = QuantFormat.of(4, QuantScheme.SYMMETRIC);
        List<ClipRange> ranges = estimator.estimatePerChannel(x, axis, format);
        for (int c = 0; c < 4; c++) {
            assertEquals(estimator.estimate(axis.gather(x, c), format), ranges.get(c), "channel " + c);
        }
    }

    @ParameterizedTest
    @MethodSource("estimators")
    void everyEstimatorRejectsNonFiniteInput(RangeEstimator estimator) {
        float[] x = {1f, 2f, Float.POSITIVE_INFINITY};
        assertThrows(InvalidInputException.class, () -> estimator.estimate(x, QuantFormat.quint8()));
        assertThrows(InvalidInputException.class, () -> estimator.estimate(new float[0], QuantFormat.quint8()));
    }

    @Test
    void collectingObserverOverBatchesEqualsOneEstimateOverAllValues() {
        float[] a = gaussian(3000, 0f, 1f, 21);
        float[] b = gaussian(3000, 1f, 2f, 22);
        float[] all = new float[6000];
        System.arraycopy(a, 0, all, 0, 3000);
        System.arraycopy(b, 0, all, 3000, 3000);
        RangeEstimator percentile = new RangeEstimator.Percentile(99);
        CollectingObserver observer = CollectingObserver.perTensor(percentile, QuantFormat.quint8());
        observer.observe(a);
        observer.observe(b);
        assertEquals(percentile.estimate(all, QuantFormat.quint8()), observer.range());
    }

    @Test
    void movingAveragePerChannelMovesEachChannelByTheMomentum() {
        ChannelAxis axis = new ChannelAxis(2, 1);
        MovingAverageMinMaxObserver observer = MovingAverageMinMaxObserver.perChannel(axis, 0.5f);
        observer.observe(new float[] {0f, -1f, 2f, 1f});
        observer.observe(new float[] {4f, -3f, 4f, -3f});
        assertEquals(List.of(new ClipRange(2f, 3f), new ClipRange(-2f, -1f)), observer.ranges());
    }

    @Test
    void minMaxObserverTracksTheExtremesOfAllBatches() {
        MinMaxObserver observer = MinMaxObserver.perTensor();
        observer.observe(new float[] {1f, 2f});
        observer.observe(new float[] {-3f, 0.5f});
        assertEquals(new ClipRange(-3f, 2f), observer.range());
    }

    @Test
    void observersThatSawNothingSaySo() {
        for (Observer observer : List.<Observer>of(MinMaxObserver.perTensor(), MovingAverageMinMaxObserver.perTensor(0.01f),
                new HistogramObserver(QuantFormat.quint8()), CollectingObserver.perTensor(new RangeEstimator.MinMax(), QuantFormat.quint8()))) {
            InvalidInputException e = assertThrows(InvalidInputException.class, observer::range);
            assertTrue(e.getMessage().contains("observe at least 1 batch"), e.getMessage());
        }
    }
}
