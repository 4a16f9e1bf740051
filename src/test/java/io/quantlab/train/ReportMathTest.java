package io.quantlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Confusion matrix, histograms, latency percentiles and early-exit tallies on tiny known cases. */
class ReportMathTest {

    @Test
    void confusionMatrixCountsTrueByPredictedAndGivesPerClassAccuracy() {
        ConfusionMatrix m = new ConfusionMatrix(3);
        // class 0: 3 images, 2 right; class 1: 2 images, both right; class 2: 1 image, predicted as 0
        m.add(new int[] {0, 0, 0, 1, 1, 2}, new int[] {0, 0, 1, 1, 1, 0});
        assertArrayEquals(new long[][] {{2, 1, 0}, {0, 2, 0}, {1, 0, 0}}, m.counts());
        assertEquals(6, m.total());
        assertEquals(100.0 * 4 / 6, m.accuracy(), 1e-12);
        assertArrayEquals(new double[] {100.0 * 2 / 3, 100, 0}, m.perClassAccuracy(), 1e-12);
    }

    @Test
    void classWithoutImagesHasAccuracyZeroAndEmptyMatrixToo() {
        ConfusionMatrix m = new ConfusionMatrix(2);
        assertEquals(0, m.accuracy());
        m.add(0, 0);
        assertArrayEquals(new double[] {100, 0}, m.perClassAccuracy());
    }

    @Test
    void histogramBinsEqualWidthsWithTheMaximumInTheLastBin() {
        // range [0, 4], 4 bins of width 1: [0,1) [1,2) [2,3) [3,4]
        Histogram h = Histogram.of(new float[] {0, 0.5f, 1, 2.999f, 3, 4, Float.NaN, Float.POSITIVE_INFINITY}, 4);
        assertEquals(0, h.min());
        assertEquals(4, h.max());
        assertArrayEquals(new long[] {2, 1, 1, 2}, h.counts());
        assertEquals(6, h.total()); // NaN and infinity are not counted
    }

    @Test
    void histogramOfEqualValuesPutsAllInTheFirstBinAndOfNothingIsNull() {
        Histogram h = Histogram.of(new float[] {-2, -2, -2}, 5);
        assertArrayEquals(new long[] {3, 0, 0, 0, 0}, h.counts());
        assertEquals(-2, h.min());
        assertEquals(-2, h.max());
        assertNull(Histogram.of(new float[] {Float.NaN}, 5));
        assertNull(Histogram.of(new float[0], 5));
    }

    @Test
    void histogramCounterAddsBatchesAndClampsOutliers() {
        Histogram.Range range = new Histogram.Range();
        range.add(new float[] {-1, 0});
        range.add(new float[] {1});
        Histogram.Counter counter = new Histogram.Counter(range.min(), range.max(), 2);
        counter.add(new float[] {-1, -0.5f, 0});
        counter.add(new float[] {0.5f, 1, 7});
        assertArrayEquals(new long[] {2, 4}, counter.histogram().counts());
    }

    @Test
    void latencyMedianAndP90InterpolateBetweenRanks() {
        // numpy: median([1..10]) = 5.5, percentile([1..10], 90) = 9.1
        LatencyStats s = LatencyStats.of(new double[] {10, 9, 8, 7, 6, 5, 4, 3, 2, 1});
        assertEquals(5.5, s.medianMs(), 1e-12);
        assertEquals(9.1, s.p90Ms(), 1e-12);
        assertEquals(10, s.runs());
        LatencyStats odd = LatencyStats.of(new double[] {3, 1, 2});
        assertEquals(2, odd.medianMs(), 1e-12);
        assertEquals(2.8, odd.p90Ms(), 1e-12);
        LatencyStats one = LatencyStats.of(new double[] {4});
        assertEquals(4, one.medianMs());
        assertEquals(4, one.p90Ms());
    }

    @Test
    void earlyExitTakesTheEarlyAnswerOnlyWhenConfidentEnough() {
        EarlyExitCounter counter = new EarlyExitCounter(0.9);
        counter.add(1, 1, 1, 0.95); // exits, right
        counter.add(2, 2, 0, 0.91); // exits, wrong (main would be right)
        counter.add(3, 3, 0, 0.5);  // goes on to main, right
        counter.add(4, 0, 4, 0.89); // goes on to main, wrong (early would be right)
        EarlyExitReport r = counter.report(100, 400);
        assertEquals(0.9, r.threshold());
        assertEquals(0.5, r.exitShare());
        assertEquals(50, r.accuracy());
        assertEquals(75, r.mainOnlyAccuracy());
        assertEquals(50, r.earlyOnlyAccuracy());
        assertEquals(100, r.macsEarly());
        assertEquals(400, r.macsFull());
        assertEquals(250, r.averageMacs());
    }

    @Test
    void aRowIsCorrectWhenItsLargestScoreIsAtTheLabelAndTiesGoToTheFirstClass() {
        float[] logits = {
            0.1f, 0.9f, 0.0f, // class 1
            2.0f, 2.0f, 1.0f, // tie of 0 and 1: class 0, as PyTorch's argmax
            -1f, -3f, -0.5f, // class 2
        };
        assertEquals(3, Trainer.correct(logits, new int[] {1, 0, 2}));
        assertEquals(1, Trainer.correct(logits, new int[] {1, 1, 0}));
        assertEquals(0, Trainer.correct(logits, new int[] {0, 2, 1}));
    }
}
