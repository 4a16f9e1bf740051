package io.quantlab.train;

import java.util.List;

/**
 * Everything measured about one run besides the headline numbers of {@link TrainResult}.
 * {@code perClassAccuracy} in percent (0 for a class without test images);
 * {@code confusionMatrix[true][predicted]} counts test images; latencies are of one forward pass
 * in inference mode with {@code threads} intra-op threads; {@code macs} per inference through the
 * main output; {@code earlyExit} is null unless the model has more than one output;
 * {@code stoppedEarlyAfterEpoch} is null unless early stopping ended the run after that epoch.
 */
public record TrainReport(List<EpochStats> epochs, double[] perClassAccuracy, long[][] confusionMatrix,
                          LatencyStats latencyBatch64, LatencyStats latencySingle, int threads, long macs,
                          List<LayerReport> layers, EarlyExitReport earlyExit, Integer stoppedEarlyAfterEpoch) {}
