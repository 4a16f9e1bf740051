package io.quantlab.train;

import java.util.List;

/** Everything the experiment page shows beyond the headline metrics. */
public record TrainReport(List<EpochStats> epochs, double[] perClassAccuracy, long[][] confusionMatrix,
                          LatencyStats latencyBatch64, LatencyStats latencySingle, int threads, long macs,
                          List<LayerReport> layers, EarlyExitReport earlyExit, Integer stoppedEarlyAfterEpoch) {}
