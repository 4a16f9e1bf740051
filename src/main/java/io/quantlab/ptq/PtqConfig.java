package io.quantlab.ptq;

import static io.quantlab.JsonFields.byName;
import static io.quantlab.JsonFields.flag;
import static io.quantlab.JsonFields.names;
import static io.quantlab.JsonFields.number;
import static io.quantlab.JsonFields.require;
import static io.quantlab.JsonFields.text;
import static io.quantlab.JsonFields.whole;

import io.quantlab.InvalidInputException;
import io.quantlab.JsonFields;
import io.quantlab.deploy.ModelQuantization;
import io.quantlab.quant.CollectingObserver;
import io.quantlab.quant.HistogramObserver;
import io.quantlab.quant.MinMaxObserver;
import io.quantlab.quant.MovingAverageMinMaxObserver;
import io.quantlab.quant.Observer;
import io.quantlab.quant.QuantFormat;
import io.quantlab.quant.QuantScheme;
import io.quantlab.quant.RangeEstimator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings of one post-training quantization, with the API's names: {@code mode},
 * {@code weightBits}, {@code activationBits}, {@code granularity}, {@code weightScheme},
 * {@code activationRange}, {@code percentile}, {@code calibrationBatches}, {@code foldBatchNorm},
 * {@code seed}. Weights are always observed by min-max (per tensor or per output channel, as
 * PyTorch's default qconfigs do); {@code activationRange} chooses the activations' observer.
 */
public record PtqConfig(ModelQuantization.Mode mode, int weightBits, int activationBits, Granularity granularity,
                        WeightScheme weightScheme, ActivationRange activationRange, double percentile,
                        int calibrationBatches, boolean foldBatchNorm, long seed) {

    public static final int MIN_BITS = 2;
    public static final int MAX_BITS = 8;
    public static final int MAX_CALIBRATION_BATCHES = 100;
    /** Images per calibration batch. */
    public static final int BATCH = 64;

    public enum Granularity {
        PER_TENSOR, PER_CHANNEL;

        public static Granularity parse(String value) {
            return byName(Granularity.class, "granularity", value);
        }
    }

    public enum WeightScheme {
        SYMMETRIC, ASYMMETRIC;

        public static WeightScheme parse(String value) {
            return byName(WeightScheme.class, "weightScheme", value);
        }
    }

    /** The activation observers of quant/, by the API's names. */
    public enum ActivationRange {
        MINMAX, MOVING_AVERAGE, PERCENTILE, MSE, KL, HISTOGRAM;

        public static ActivationRange parse(String value) {
            return byName(ActivationRange.class, "activationRange", value);
        }

        /** A fresh per-tensor observer for one activation. */
        Observer observer(QuantFormat format, double percentile) {
            return switch (this) {
                case MINMAX -> MinMaxObserver.perTensor();
                case MOVING_AVERAGE -> MovingAverageMinMaxObserver.perTensor(
                        MovingAverageMinMaxObserver.DEFAULT_AVERAGING_CONSTANT);
                case PERCENTILE -> CollectingObserver.perTensor(new RangeEstimator.Percentile(percentile), format);
                case MSE -> CollectingObserver.perTensor(new RangeEstimator.MseSearch(), format);
                case KL -> CollectingObserver.perTensor(new RangeEstimator.KlEntropy(), format);
                case HISTOGRAM -> new HistogramObserver(format);
            };
        }
    }

    public PtqConfig {
        require(mode != null, "mode", "mode is missing; use one of " + names(ModelQuantization.Mode.class));
        requireBits(weightBits, "weightBits");
        requireBits(activationBits, "activationBits");
        require(granularity != null, "granularity", "granularity is missing");
        require(weightScheme != null, "weightScheme", "weightScheme is missing");
        require(activationRange != null, "activationRange", "activationRange is missing");
        require(percentile >= 50 && percentile <= 100, "percentile",
                "percentile must be between 50 and 100, got " + percentile);
        require(calibrationBatches >= 1 && calibrationBatches <= MAX_CALIBRATION_BATCHES, "calibrationBatches",
                "calibrationBatches must be between 1 and " + MAX_CALIBRATION_BATCHES + ", got " + calibrationBatches);
    }

    /** Static, 8/8 bits, per-channel symmetric weights, min-max activations, 10 batches, BN folded, seed 0. */
    public static PtqConfig defaults() {
        return new PtqConfig(ModelQuantization.Mode.STATIC, 8, 8, Granularity.PER_CHANNEL, WeightScheme.SYMMETRIC,
                ActivationRange.MINMAX, 99.99, 10, true, 0);
    }

    /** {@code static}, {@code dynamic} or {@code weight-only}. */
    public static ModelQuantization.Mode parseMode(String value) {
        return byName(ModelQuantization.Mode.class, "mode", value);
    }

    /**
     * The settings as the API sends them (JSON names and values: {@code "weightBits": 4},
     * {@code "activationRange": "kl"}, …); a missing field takes its default, other keys (such as
     * {@code kind} and {@code parent}) are not read.
     *
     * @throws InvalidInputException naming the field for a value of the wrong type or out of range
     */
    public static PtqConfig of(Map<String, ?> fields) {
        PtqConfig d = defaults();
        return new PtqConfig(
                fields.containsKey("mode") ? parseMode(text(fields, "mode")) : d.mode(),
                whole(fields, "weightBits", d.weightBits()),
                whole(fields, "activationBits", d.activationBits()),
                fields.containsKey("granularity") ? Granularity.parse(text(fields, "granularity")) : d.granularity(),
                fields.containsKey("weightScheme") ? WeightScheme.parse(text(fields, "weightScheme")) : d.weightScheme(),
                fields.containsKey("activationRange") ? ActivationRange.parse(text(fields, "activationRange"))
                        : d.activationRange(),
                number(fields, "percentile", d.percentile()),
                whole(fields, "calibrationBatches", d.calibrationBatches()),
                flag(fields, "foldBatchNorm", d.foldBatchNorm()),
                whole(fields, "seed", (int) d.seed()));
    }

    /** The settings with the API's names and values, as {@link #of} reads them back. */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("mode", apiName(mode));
        fields.put("weightBits", weightBits);
        fields.put("activationBits", activationBits);
        fields.put("granularity", apiName(granularity));
        fields.put("weightScheme", apiName(weightScheme));
        fields.put("activationRange", apiName(activationRange));
        fields.put("percentile", percentile);
        fields.put("calibrationBatches", calibrationBatches);
        fields.put("foldBatchNorm", foldBatchNorm);
        fields.put("seed", seed);
        return fields;
    }

    /** The weights' grid: signed symmetric (qint8 at 8 bits) or unsigned affine. */
    public QuantFormat weightFormat() {
        return QuantFormat.of(weightBits, weightScheme == WeightScheme.SYMMETRIC ? QuantScheme.SYMMETRIC
                : QuantScheme.AFFINE);
    }

    /** The API's spelling of an enum constant ({@link JsonFields#apiName}). */
    public static String apiName(Enum<?> value) {
        return JsonFields.apiName(value);
    }

    /** The activations' grid: unsigned affine (quint8 at 8 bits), as PyTorch's and ONNX Runtime's defaults. */
    public QuantFormat activationFormat() {
        return QuantFormat.of(activationBits, QuantScheme.AFFINE);
    }

    private static void requireBits(int bits, String field) {
        require(bits >= MIN_BITS && bits <= MAX_BITS, field,
                field + " must be between " + MIN_BITS + " and " + MAX_BITS + ", got " + bits);
    }
}
