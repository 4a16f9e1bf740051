package io.quantlab.experiment;

import io.quantlab.train.TrainResult;

/** What a finished training measured; the names are the JSON API's. */
public record TrainMetrics(double testAccuracy, double latencyMsBatch64, double latencyMsSingle, long sizeBytes,
        long parameters, double trainSeconds) implements ExperimentMetrics {

    static TrainMetrics of(TrainResult r) {
        return new TrainMetrics(r.testAccuracy(), r.latencyMsBatch64(), r.latencyMsSingle(), r.sizeBytes(),
                r.parameters(), r.trainSeconds());
    }
}
