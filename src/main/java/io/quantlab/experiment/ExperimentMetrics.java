package io.quantlab.experiment;

/** What a finished experiment measured, one record per {@link ExperimentKind}; the names are the JSON API's. */
public sealed interface ExperimentMetrics permits TrainMetrics, PtqMetrics, PtqVariantsMetrics, QatMetrics,
        SweepMetrics, MixedPrecisionMetrics {

    /** Top-1 accuracy in percent on the test set (for a quantization: simulated, fake quantization in DJL). */
    double testAccuracy();

    /** Bytes of the model as it would be shipped. */
    long sizeBytes();
}
