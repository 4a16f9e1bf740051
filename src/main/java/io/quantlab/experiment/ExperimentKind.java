package io.quantlab.experiment;

import io.quantlab.InvalidInputException;
import io.quantlab.Json;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The kinds of experiment, by the API's names: a training, and the post-training quantizations of
 * a finished training (one setting, or the four variants of the course's notebook), and its
 * quantization-aware fine-tuning, a sweep of PTQ, QAT and a composed quantizer over weight widths,
 * and a mixed-precision fine-tuning (per-layer widths searched for a size budget). Each reads its
 * configuration and metrics from their stored JSON.
 */
public enum ExperimentKind {
    TRAIN("train"), PTQ("ptq"), PTQ_VARIANTS("ptq-variants"), QAT("qat"), SWEEP("sweep"),
    MIXED_PRECISION("mixed-precision");

    private final String apiName;

    ExperimentKind(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    /** @throws InvalidInputException (field "kind") for a name that is not a kind */
    public static ExperimentKind of(String apiName) {
        for (ExperimentKind kind : values()) {
            if (kind.apiName.equals(apiName)) {
                return kind;
            }
        }
        throw new InvalidInputException("kind", "kind must be one of " + Arrays.stream(values())
                .map(ExperimentKind::apiName).collect(Collectors.joining(", ")) + ", got "
                + InvalidInputException.quote(apiName));
    }

    /** True for the kinds that quantize a parent training. */
    public boolean hasParent() {
        return this != TRAIN;
    }

    ExperimentConfig readConfig(String json) {
        return switch (this) {
            case TRAIN -> new ExperimentConfig.Training(Json.read(json, io.quantlab.train.TrainConfig.class));
            case PTQ -> ExperimentConfig.Ptq.of(Json.read(json, Map.class));
            case PTQ_VARIANTS -> ExperimentConfig.PtqVariants.of(Json.read(json, Map.class));
            case QAT -> ExperimentConfig.Qat.of(Json.read(json, Map.class));
            case SWEEP -> ExperimentConfig.Sweep.of(Json.read(json, Map.class));
            case MIXED_PRECISION -> ExperimentConfig.MixedPrecision.of(Json.read(json, Map.class));
        };
    }

    ExperimentMetrics readMetrics(String json) {
        return switch (this) {
            case TRAIN -> Json.read(json, TrainMetrics.class);
            case PTQ -> Json.read(json, PtqMetrics.class);
            case PTQ_VARIANTS -> Json.read(json, PtqVariantsMetrics.class);
            case QAT -> Json.read(json, QatMetrics.class);
            case SWEEP -> Json.read(json, SweepMetrics.class);
            case MIXED_PRECISION -> Json.read(json, MixedPrecisionMetrics.class);
        };
    }
}
