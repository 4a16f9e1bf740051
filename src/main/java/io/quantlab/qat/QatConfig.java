package io.quantlab.qat;

import static io.quantlab.JsonFields.apiName;
import static io.quantlab.JsonFields.choice;
import static io.quantlab.JsonFields.number;
import static io.quantlab.JsonFields.require;
import static io.quantlab.JsonFields.text;
import static io.quantlab.JsonFields.whole;

import io.quantlab.InvalidInputException;
import io.quantlab.deploy.DeployPlan;
import io.quantlab.model.ModelSpec;
import io.quantlab.ptq.PtqConfig;
import io.quantlab.quant.ChannelAxis;
import io.quantlab.quant.ClipRange;
import io.quantlab.quant.QuantFormat;
import io.quantlab.quant.RangeEstimator;
import io.quantlab.quant.QuantScheme;
import io.quantlab.train.LearningRateSchedule;
import io.quantlab.train.TrainConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The settings of one quantization-aware fine-tuning, with the API's names (Lab 4's, and Lab 5's
 * composed quantizer): {@code epochs}, {@code learningRate}, {@code optimizer}, {@code weightBits},
 * {@code activationBits} (32: activations stay FP32), {@code granularity}, {@code weightQuantizer}
 * and {@code activationQuantizer} (ste, lsq, pact for activations, binary), {@code weightScheme},
 * {@code range} with {@code clipRatio} or {@code percentile}, {@code rounding}, {@code gradient},
 * {@code layers} (the Conv2d/Linear nodes quantized, empty: all), {@code layerBits} (per-layer
 * weight bits), {@code freezeObserversAfter}, {@code freezeBatchNormAfter}, {@code seed}.
 *
 * <p>With the STE quantizer, weights are fake-quantized from their current range, activations
 * from a moving-average observer's, as PyTorch's default QAT qconfig; BatchNorm is folded into
 * the convolution before it. Observers stop updating after {@code freezeObserversAfter} epochs,
 * BatchNorm's running statistics after {@code freezeBatchNormAfter} (0: from the start).
 */
public record QatConfig(int epochs, double learningRate, String optimizer, int weightBits, int activationBits,
                        PtqConfig.Granularity granularity, Quantizer weightQuantizer, Quantizer activationQuantizer,
                        PtqConfig.WeightScheme weightScheme, Range range, double clipRatio, double percentile,
                        Rounding rounding, StraightThrough.Gradient gradient, List<String> layers,
                        Map<String, Integer> layerBits, int freezeObserversAfter, int freezeBatchNormAfter,
                        long seed) {

    /**
     * The quantizer of a tensor: a straight-through fake quantizer on an observed range, LSQ's
     * learned step (Esser et al. 2019), PACT's learned clip (Choi et al. 2018, activations only) or
     * XNOR-Net's sign·α (Rastegari et al. 2016).
     */
    public enum Quantizer { STE, LSQ, PACT, BINARY }

    /** How the range of the STE quantizer (and LSQ's first step, PACT's first clip) is found. */
    public enum Range { MIN_MAX, CLIP_RATIO, PERCENTILE }

    /** How x/s becomes an integer while training; evaluation and deployment always round to nearest. */
    public enum Rounding { NEAREST, STOCHASTIC }

    /** Activation bits meaning "not quantized": the activations stay FP32. */
    public static final int FP32 = 32;
    public static final int BINARY_BITS = 1;
    public static final double DEFAULT_LEARNING_RATE = 0.001;
    /** SGD's momentum while fine-tuning. */
    public static final double MOMENTUM = 0.9;
    /** Every field a {@code qat} request may send. */
    public static final List<String> FIELDS = List.of("epochs", "learningRate", "optimizer", "weightBits",
            "activationBits", "granularity", "weightQuantizer", "activationQuantizer", "weightScheme", "range",
            "clipRatio", "percentile", "rounding", "gradient", "layers", "layerBits", "freezeObserversAfter",
            "freezeBatchNormAfter", "seed");
    /** A bound on the names a request may list: more than any model of the zoo has layers. */
    private static final int MAX_LAYERS = 64;

    public QatConfig {
        require(epochs >= 1 && epochs <= TrainConfig.MAX_EPOCHS, "epochs",
                "epochs must be between 1 and " + TrainConfig.MAX_EPOCHS + ", got " + epochs);
        require(learningRate > 0 && learningRate <= 1, "learningRate",
                "learningRate must be in (0, 1]: above 0 and at most 1, got " + learningRate);
        String name = optimizer == null ? "" : optimizer.trim().toLowerCase(Locale.ROOT);
        require(name.equals(TrainConfig.SGD) || name.equals(TrainConfig.ADAM), "optimizer",
                "optimizer must be sgd or adam, got " + InvalidInputException.quote(optimizer));
        optimizer = name;
        require(granularity != null, "granularity", "granularity is missing");
        require(weightQuantizer != null, "weightQuantizer", "weightQuantizer is missing");
        require(activationQuantizer != null, "activationQuantizer", "activationQuantizer is missing");
        require(weightQuantizer != Quantizer.PACT, "weightQuantizer",
                "weightQuantizer pact is for activations only (PACT learns an activation's clip); use ste, lsq or binary");
        requireWeightBits(weightBits, weightQuantizer, "weightBits");
        requireActivationBits(activationBits, weightQuantizer, activationQuantizer);
        require(weightScheme != null, "weightScheme", "weightScheme is missing");
        require(range != null, "range", "range is missing");
        require(clipRatio > 0 && clipRatio <= 1, "clipRatio", "clipRatio must be in (0, 1], got " + clipRatio);
        require(percentile >= 50 && percentile <= 100, "percentile",
                "percentile must be between 50 and 100, got " + percentile);
        require(rounding != null, "rounding", "rounding is missing");
        require(gradient != null, "gradient", "gradient is missing");
        layers = List.copyOf(new TreeSet<>(layers == null ? List.of() : layers));
        require(layers.size() <= MAX_LAYERS, "layers", "layers may name at most " + MAX_LAYERS + " layers");
        layerBits = Map.copyOf(layerBits == null ? Map.of() : layerBits);
        require(layerBits.size() <= MAX_LAYERS, "layerBits", "layerBits may name at most " + MAX_LAYERS + " layers");
        for (Map.Entry<String, Integer> e : layerBits.entrySet()) {
            requireWeightBits(e.getValue(), weightQuantizer, "layerBits");
            require(layers.isEmpty() || layers.contains(e.getKey()), "layerBits", "layerBits names "
                    + InvalidInputException.quote(e.getKey()) + ", which is not among the quantized layers " + layers);
        }
        require(freezeObserversAfter >= 1 && freezeObserversAfter <= TrainConfig.MAX_EPOCHS, "freezeObserversAfter",
                "freezeObserversAfter must be between 1 and " + TrainConfig.MAX_EPOCHS + " epochs, got "
                        + freezeObserversAfter);
        require(freezeBatchNormAfter >= 0 && freezeBatchNormAfter <= TrainConfig.MAX_EPOCHS, "freezeBatchNormAfter",
                "freezeBatchNormAfter must be between 0 (frozen from the start) and " + TrainConfig.MAX_EPOCHS
                        + " epochs, got " + freezeBatchNormAfter);
        require(seed >= 0 && seed <= TrainConfig.MAX_SEED, "seed",
                "seed must be between 0 and " + TrainConfig.MAX_SEED + ", got " + seed);
    }

    /**
     * One epoch of SGD at 0.001, W8A8 STE, per-channel symmetric weights, min-max ranges, nearest
     * rounding, the clipped gradient, every layer, freezing after epoch 1, seed 0.
     */
    public static QatConfig defaults() {
        return new QatConfig(1, DEFAULT_LEARNING_RATE, TrainConfig.SGD, 8, 8, PtqConfig.Granularity.PER_CHANNEL,
                Quantizer.STE, Quantizer.STE, PtqConfig.WeightScheme.SYMMETRIC, Range.MIN_MAX, 1.0,
                PtqConfig.defaults().percentile(), Rounding.NEAREST, StraightThrough.Gradient.CLIPPED, List.of(),
                Map.of(), 1, 1, 0);
    }

    /**
     * The settings as the API sends them; a missing field takes its default, other keys (such as
     * {@code kind} and {@code parent}) are not read. Binary weights default to 1 bit and FP32
     * activations, binary activations to 1 bit.
     *
     * @throws InvalidInputException naming the field for a value of the wrong type or out of range,
     *     or a composition that does not go together
     */
    public static QatConfig of(Map<String, ?> fields) {
        QatConfig d = defaults();
        Quantizer weights = choice(fields, "weightQuantizer", Quantizer.class, d.weightQuantizer());
        Quantizer activations = choice(fields, "activationQuantizer", Quantizer.class, d.activationQuantizer());
        int activationBits = activations == Quantizer.BINARY ? BINARY_BITS
                : weights == Quantizer.BINARY ? FP32 : d.activationBits();
        return new QatConfig(
                whole(fields, "epochs", d.epochs()),
                number(fields, "learningRate", d.learningRate()),
                fields.containsKey("optimizer") ? text(fields, "optimizer") : d.optimizer(),
                whole(fields, "weightBits", weights == Quantizer.BINARY ? BINARY_BITS : d.weightBits()),
                whole(fields, "activationBits", activationBits),
                choice(fields, "granularity", PtqConfig.Granularity.class, d.granularity()),
                weights,
                activations,
                choice(fields, "weightScheme", PtqConfig.WeightScheme.class, d.weightScheme()),
                choice(fields, "range", Range.class, d.range()),
                number(fields, "clipRatio", d.clipRatio()),
                number(fields, "percentile", d.percentile()),
                choice(fields, "rounding", Rounding.class, d.rounding()),
                choice(fields, "gradient", StraightThrough.Gradient.class, d.gradient()),
                layerNames(fields.get("layers")),
                layerBits(fields.get("layerBits")),
                whole(fields, "freezeObserversAfter", d.freezeObserversAfter()),
                whole(fields, "freezeBatchNormAfter", d.freezeBatchNormAfter()),
                whole(fields, "seed", (int) d.seed()));
    }

    /**
     * The settings with the API's names and values, as {@link #of} reads them back; {@code layers}
     * and {@code layerBits} only when set (every layer, no per-layer bits otherwise).
     */
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
        fields.put("weightScheme", apiName(weightScheme));
        fields.put("range", apiName(range));
        fields.put("clipRatio", clipRatio);
        fields.put("percentile", percentile);
        fields.put("rounding", apiName(rounding));
        fields.put("gradient", apiName(gradient));
        if (!layers.isEmpty()) {
            fields.put("layers", layers);
        }
        if (!layerBits.isEmpty()) {
            fields.put("layerBits", new TreeMap<>(layerBits));
        }
        fields.put("freezeObserversAfter", freezeObserversAfter);
        fields.put("freezeBatchNormAfter", freezeBatchNormAfter);
        fields.put("seed", seed);
        return fields;
    }

    /**
     * Checks {@code layers} and {@code layerBits} name Conv2d or Linear nodes of {@code spec}, so
     * a typo is refused when the job is requested, not when it runs.
     *
     * @throws InvalidInputException ({@code layers} or {@code layerBits}) for another name
     */
    public void requireLayersOf(ModelSpec spec) {
        Set<String> known = new TreeSet<>();
        DeployPlan.of(spec, true).weightedSteps().forEach(step -> known.add(step.name()));
        for (String layer : layers) {
            require(known.contains(layer), "layers", "layers names " + InvalidInputException.quote(layer)
                    + ", which is no Conv2d or Linear layer of " + spec.name() + "; its layers are " + known);
        }
        for (String layer : layerBits.keySet()) {
            require(known.contains(layer), "layerBits", "layerBits names " + InvalidInputException.quote(layer)
                    + ", which is no Conv2d or Linear layer of " + spec.name() + "; its layers are " + known);
        }
    }

    /** Whether the layer (a Conv2d or Linear node) has its weights fake-quantized. */
    public boolean quantizes(String layer) {
        return layers.isEmpty() || layers.contains(layer);
    }

    /** The layer's weight bits: its {@code layerBits}, else {@code weightBits}. */
    public int weightBits(String layer) {
        return layerBits.getOrDefault(layer, weightBits);
    }

    /** Whether x/s is rounded stochastically: only in training, and only when {@code rounding} says so. */
    public boolean roundsStochastically(boolean training) {
        return training && rounding == Rounding.STOCHASTIC;
    }

    /** Whether activations are fake-quantized (not FP32). */
    public boolean quantizesActivations() {
        return activationBits != FP32;
    }

    /** The range {@code range} chooses for {@code values} to be quantized to {@code format}. */
    public ClipRange range(float[] values, QuantFormat format) {
        return clipped(estimator().estimate(values, format));
    }

    /** One range per channel of {@code axis}, each as {@link #range} chooses it. */
    public List<ClipRange> ranges(float[] values, ChannelAxis axis, QuantFormat format) {
        return estimator().estimatePerChannel(values, axis, format).stream().map(this::clipped).toList();
    }

    private RangeEstimator estimator() {
        return range == Range.PERCENTILE ? new RangeEstimator.Percentile(percentile) : new RangeEstimator.MinMax();
    }

    /** The range times {@code clipRatio} for {@link Range#CLIP_RATIO}; as it is otherwise. */
    ClipRange clipped(ClipRange r) {
        return range == Range.CLIP_RATIO ? new ClipRange((float) (r.min() * clipRatio), (float) (r.max() * clipRatio)) : r;
    }

    /** The weights' grid at {@code weightBits}: signed symmetric (qint8 at 8 bits) or unsigned affine. */
    public QuantFormat weightFormat() {
        return weightFormat(weightBits);
    }

    /** The weights' grid at {@code bits} with this config's weight scheme. */
    public QuantFormat weightFormat(int bits) {
        return QuantFormat.of(bits, weightScheme == PtqConfig.WeightScheme.SYMMETRIC ? QuantScheme.SYMMETRIC
                : QuantScheme.AFFINE);
    }

    /** The activations' grid: unsigned affine (quint8 at 8 bits). Not for FP32 or binary activations. */
    public QuantFormat activationFormat() {
        return QuantFormat.of(activationBits, QuantScheme.AFFINE);
    }

    /**
     * The PTQ settings a converted QAT model is evaluated with: static, BN folded, these bits and
     * scheme, min-max. Only 8 bits on both sides deploy; activations at FP32 or 1 bit, and binary
     * weights, are given as the closest setting PtqConfig allows (their grids come from the QAT).
     */
    public PtqConfig weightGrids() {
        PtqConfig d = PtqConfig.defaults();
        int w = Math.max(PtqConfig.MIN_BITS, weightBits);
        int a = Math.max(PtqConfig.MIN_BITS, Math.min(PtqConfig.MAX_BITS, activationBits));
        return new PtqConfig(d.mode(), w, a, granularity, weightScheme, PtqConfig.ActivationRange.MOVING_AVERAGE,
                percentile, d.calibrationBatches(), true, seed);
    }

    /**
     * Whether the converted model deploys to ONNX Runtime like a PTQ result: 8-bit weights and
     * activations on every layer, no binary quantizer.
     */
    public boolean deploys() {
        return weightBits == 8 && activationBits == 8 && layers.isEmpty()
                && layerBits.values().stream().allMatch(b -> b == 8)
                && weightQuantizer != Quantizer.BINARY && activationQuantizer != Quantizer.BINARY;
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

    /** 1 bit only for binary weights, which have nothing else; 2 to 8 for STE and LSQ. */
    private static void requireWeightBits(int bits, Quantizer quantizer, String field) {
        if (quantizer == Quantizer.BINARY) {
            require(bits == BINARY_BITS, field, field + " must be 1 for binary weights (sign·α), got " + bits);
            return;
        }
        require(bits != BINARY_BITS, field, field + " 1 needs weightQuantizer binary; "
                + apiName(quantizer) + " needs between " + PtqConfig.MIN_BITS + " and " + PtqConfig.MAX_BITS + " bits");
        require(bits >= PtqConfig.MIN_BITS && bits <= PtqConfig.MAX_BITS, field,
                field + " must be between 1 (binary) and " + PtqConfig.MAX_BITS + ", got " + bits);
    }

    private static void requireActivationBits(int bits, Quantizer weights, Quantizer activations) {
        String field = "activationBits";
        if (activations == Quantizer.BINARY) {
            require(bits == BINARY_BITS, field, "activationBits must be 1 for binary activations (sign(x)), got " + bits);
            return;
        }
        require(bits != BINARY_BITS, field, "activationBits 1 needs activationQuantizer binary; "
                + apiName(activations) + " needs between " + PtqConfig.MIN_BITS + " and " + PtqConfig.MAX_BITS
                + " bits (or 32 for FP32 activations)");
        require(bits == FP32 || bits >= PtqConfig.MIN_BITS && bits <= PtqConfig.MAX_BITS, field,
                "activationBits must be between 1 (binary) and " + PtqConfig.MAX_BITS
                        + ", or 32 for FP32 activations, got " + bits);
        require(weights != Quantizer.BINARY || bits == FP32, field, "with binary weights activationBits must be 1"
                + " (binary activations) or 32 (FP32 activations), got " + bits);
        require(activations == Quantizer.STE || bits != FP32, field, "activationQuantizer " + apiName(activations)
                + " quantizes activations, so activationBits must be between " + PtqConfig.MIN_BITS + " and "
                + PtqConfig.MAX_BITS + ", got 32 (FP32)");
    }

    /** A JSON array of layer names, or nothing. */
    private static List<String> layerNames(Object value) {
        if (value == null) {
            return List.of();
        }
        require(value instanceof Collection<?>, "layers", "layers must be a list of layer names such as"
                + " [\"conv2\", \"fc\"], got " + InvalidInputException.quote(value));
        List<String> names = new ArrayList<>();
        for (Object name : (Collection<?>) value) {
            require(name instanceof String s && !s.isBlank(), "layers", "layers must be a list of layer names, got "
                    + InvalidInputException.quote(name));
            names.add(((String) name).trim());
        }
        require(names.size() <= MAX_LAYERS, "layers", "layers may name at most " + MAX_LAYERS + " layers");
        return names;
    }

    /** A JSON object of layer name → whole number of bits, or nothing. */
    private static Map<String, Integer> layerBits(Object value) {
        if (value == null) {
            return Map.of();
        }
        require(value instanceof Map<?, ?>, "layerBits", "layerBits must be an object of layer name → bits such as"
                + " {\"conv1\": 8, \"fc\": 4}, got " + InvalidInputException.quote(value));
        Map<String, Integer> bits = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
            String layer = String.valueOf(e.getKey()).trim();
            require(e.getValue() instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                            && Math.abs(n.doubleValue()) < 1000, "layerBits",
                    "layerBits of " + InvalidInputException.quote(layer) + " must be a whole number of bits, got "
                            + InvalidInputException.quote(e.getValue()));
            bits.put(layer, ((Number) e.getValue()).intValue());
        }
        require(bits.size() <= MAX_LAYERS, "layerBits", "layerBits may name at most " + MAX_LAYERS + " layers");
        return bits;
    }
}
