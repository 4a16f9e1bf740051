package io.quantlab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.deploy.DeployedModel;
import io.quantlab.ptq.PtqPipeline;
import io.quantlab.train.LatencyStats;
import org.junit.jupiter.api.Test;

/** A point is assembled from what Lab 3's pipeline measured: simulated always, deployed only where it was. */
class SweepPointTest {

    @Test
    void aSimulatedPointHasItsPackedSizeAndNoDeployedAccuracy() {
        PtqPipeline.Result simulated = new PtqPipeline.Result(null, null, null, 81.5, null, 3_000, 4_200, 1.5);
        SweepPoint p = SweepPoint.of(SweepPoint.CUSTOM, 4, simulated, 9.25);
        assertEquals(new SweepPoint("custom", 4, 81.5, null, null, 4_200, 9.25), p);
        assertFalse(p.deployed());
        assertEquals(81.5, p.comparedAccuracy());
    }

    @Test
    void aDeployedPointHasTheOnnxFilesSizeAndOnnxRuntimesAccuracy() {
        byte[] onnx = new byte[12_345];
        var latencies = new DeployedModel.Latencies(new LatencyStats(2.5, 3.0, 20), new LatencyStats(0.2, 0.3, 50), 1);
        PtqPipeline.Deployed deployed = new PtqPipeline.Deployed(onnx, 88.0, 99.0, latencies, null);
        PtqPipeline.Result result = new PtqPipeline.Result(null, null, null, 88.25, deployed, 3_000, 4_200, 1.5);
        SweepPoint p = SweepPoint.of(SweepPoint.PTQ, 8, result, 2.0);
        assertEquals(88.25, p.accuracy());
        assertEquals(88.0, p.deployedAccuracy());
        assertEquals(2.5, p.latencyMsBatch64());
        assertEquals(12_345, p.sizeBytes());
        assertTrue(p.deployed());
        assertEquals(88.0, p.comparedAccuracy());
        assertNull(SweepPoint.of(SweepPoint.QAT, 4,
                new PtqPipeline.Result(null, null, null, 80, null, 1, 2, 0), 0).latencyMsBatch64());
    }
}
