package io.quantlab.qat;

import static io.quantlab.JsonFields.apiName;
import static io.quantlab.JsonFields.choice;
import static io.quantlab.JsonFields.number;
import static io.quantlab.JsonFields.require;
import static io.quantlab.JsonFields.text;
import static io.quantlab.JsonFields.whole;

import io.quantlab.InvalidInputException;
import io.quantlab.ptq.PtqConfig;
import io.quantlab.quant.QuantFormat;
import io.quantlab.quant.QuantScheme;
import io.quantlab.train.LearningRateSchedule;
import io.quantlab.train.TrainConfig;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The settings of one quantization-aware fine-tuning, with the API's names: {@code epochs},
 * {@code learningRate}, {@code optimizer}, {@code weightBits}, {@code activationBits},
 * {@code granularity}, {@code weightQuantizer}, {@code activationQuantizer}, {@code gradient},
 * {@code freezeObserversAfter}, {@code freezeBatchNormAfter}, {@code seed}. Weights are fake-quantized
 * symmetric (per output channel or per tensor) from their current min and max, activations affine
 * from a moving-average min-max observer, as PyTorch's default QAT qconfig; BatchNorm is folded
 * into the convolution before it. Observers stop updating after {@code freezeObserversAfter}
 * epochs, BatchNorm's running statistics after {@code freezeBatchNormAfter} (0: from the start).
 */
public record QatConfig(int epochs, double learningRate, String optimizer, int weightBits, int activationBits,
                        PtqConfig.Granularity granularity, Quantizer weightQuantizer, Quantizer activationQuantizer,
                        StraightThrough.Gradient gradient, int freezeObserversAfter, int freezeBatchNormAfter,
                        long seed) {

    /** The quantizer of a tensor: only the straight-through fake quantizer so far (LSQ, PACT and binary come with Lab 5). */
    public enum Quantizer { STE }

    public static final double DEFAULT_LEARNING_RATE = 0.001;
    /** SGD's momentum while fine-tuning. */
    public static final double MOMENTUM = 0.9;

    public QatConfig {
        require(epochs >= 1 && epochs <= TrainConfig.MAX_EPOCHS, "epochs",
                "epochs must be between 1 and " + TrainConfig.MAX_EPOCHS + ", got " + epochs);
        require(learningRate > 0 && learningRate <= 1, "learningRate",
                "learningRate must be in (0, 1]: above 0 and at most 1, got " + learningRate);
        String name = optimizer == null ? "" : optimizer.trim().toLowerCase(Locale.ROOT);
        require(name.equals(TrainConfig.SGD) || name.equals(TrainConfig.ADAM), "optimizer",
                "optimizer must be sgd or adam, got " + InvalidInputException.quote(optimizer));
        optimizer = name;
        requireBits(weightBits, "weightBits");
        requireBits(activationBits, "activationBits");
        require(granularity != null, "granularity", "granularity is missing");
        require(weightQuantizer != null, "weightQuantizer", "weightQuantizer is missing");
        require(activationQuantizer != null, "activationQuantizer", "activationQuantizer is missing");
        require(gradient != null, "gradient", "gradient is missing");
        require(freezeObserversAfter >= 1 && freezeObserversAfter <= TrainConfig.MAX_EPOCHS, "freezeObserversAfter",
                "freezeObserversAfter must be between 1 and " + TrainConfig.MAX_EPOCHS + " epochs, got "
                        + freezeObserversAfter);
        require(freezeBatchNormAfter >= 0 && freezeBatchNormAfter <= TrainConfig.MAX_EPOCHS, "freezeBatchNormAfter",
                "freezeBatchNormAfter must be between 0 (frozen from the start) and " + TrainConfig.MAX_EPOCHS
                        + " epochs, got " + freezeBatchNormAfter);
        require(seed >= 0 && seed <= TrainConfig.MAX_SEED, "seed",
                "seed must be between 0 and " + TrainConfig.MAX_SEED + ", got " + seed);
    }

    /** One epoch of SGD at 0.001, 8/8 bits, per-channel weights, STE with the clipped gradient, freezing after epoch 1, seed 0. */
    public static QatConfig defaults() {
        return new QatConfig(1, DEFAULT_LEARNING_RATE, TrainConfig.SGD, 8, 8, PtqConfig.Granularity.PER_CHANNEL,
                Quantizer.STE, Quantizer.STE, StraightThrough.Gradient.CLIPPED, 1, 1, 0);
    }

    /**
     * The settings as the API sends them; a missing field takes its default, other keys (such as
     * {@code kind} and {@code parent}) are not read.
     *
     * @throws InvalidInputException naming the field for a value of the wrong type or out of range
     */
    public static QatConfig of(Map<String, ?> fields) {
        QatConfig d = defaults();
        return new QatConfig(
                whole(fields, "epochs", d.epochs()),
                number(fields, "learningRate", d.learningRate()),
                fields.containsKey("optimizer") ? text(fields, "optimizer") : d.optimizer(),
                whole(fields, "weightBits", d.weightBits()),
                whole(fields, "activationBits", d.activationBits()),
                choice(fields, "granularity", PtqConfig.Granularity.class, d.granularity()),
                choice(fields, "weightQuantizer", Quantizer.class, d.weightQuantizer()),
                choice(fields, "activationQuantizer", Quantizer.class, d.activationQuantizer()),
                choice(fields, "gradient", StraightThrough.Gradient.class, d.gradient()),
                whole(fields, "freezeObserversAfter", d.freezeObserversAfter()),
                whole(fields, "freezeBatchNormAfter", d.freezeBatchNormAfter()),
                whole(fields, "seed", (int) d.seed()));
    }

    /** The settings with the API's names and values, as {@link #of} reads them back. */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("epochs", epochs);
        fields.put("learningRate", learningRate);
        fields.put("optimizer", optimizer);
        fields.put("weightBits", weightBits);
        fields.put("activationBits", activationBits);
        fields.put("granularity", apiName(granularity));
        fields.put("weightQuantizer", apiName(weightQuantizer));
        fields.put("activationQuantizer", apiName(activationQuantizer));
        fields.put("gradient", apiName(gradient));
        fields.put("freezeObserversAfter", freezeObserversAfter);
        fields.put("freezeBatchNormAfter", freezeBatchNormAfter);
        fields.put("seed", seed);
        return fields;
    }

    /** The weights' grid: signed symmetric (qint8 at 8 bits), as the QDQ export stores weights. */
    public QuantFormat weightFormat() {
        return QuantFormat.of(weightBits, QuantScheme.SYMMETRIC);
    }

    /** The activations' grid: unsigned affine (quint8 at 8 bits). */
    public QuantFormat activationFormat() {
        return QuantFormat.of(activationBits, QuantScheme.AFFINE);
    }

    /** The PTQ settings whose weight grids a converted QAT model shares (static, these bits, min-max, BN folded). */
    public PtqConfig weightGrids() {
        PtqConfig d = PtqConfig.defaults();
        return new PtqConfig(d.mode(), weightBits, activationBits, granularity, PtqConfig.WeightScheme.SYMMETRIC,
                PtqConfig.ActivationRange.MOVING_AVERAGE, d.percentile(), d.calibrationBatches(), true, seed);
    }

    /**
     * How the training loop fine-tunes the parent: its data set, model, batch size, subset and
     * augmentation; this config's epochs, rate, optimizer and seed; a cosine schedule, no early
     * stopping, no validation split.
     */
    public TrainConfig fineTuning(TrainConfig parent) {
        return new TrainConfig(parent.dataset(), parent.model(), epochs, parent.batchSize(), learningRate, optimizer,
                MOMENTUM, 0, parent.trainSubset(), seed, LearningRateSchedule.COSINE, TrainConfig.DEFAULT_STEP_EPOCHS,
                TrainConfig.DEFAULT_STEP_GAMMA, 0, 0, parent.augment(), parent.modelOptions(),
                TrainConfig.DEFAULT_EARLY_EXIT_THRESHOLD).validated();
    }

    private static void requireBits(int bits, String field) {
        require(bits >= PtqConfig.MIN_BITS && bits <= PtqConfig.MAX_BITS, field,
                field + " must be between " + PtqConfig.MIN_BITS + " and " + PtqConfig.MAX_BITS + ", got " + bits);
    }
}
