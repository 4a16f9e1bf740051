package io.quantlab.sweep;

import io.quantlab.InvalidInputException;
import io.quantlab.JsonFields;
import io.quantlab.ptq.PtqConfig;
import io.quantlab.qat.QatConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a bit-width sweep runs: for each weight width of {@code bits} (widest first), PTQ static
 * per-channel, plain QAT (the straight-through defaults) and the student's composed quantizer
 * ({@code quantizer}, whose own {@code weightBits} is the first width and is replaced by each in turn).
 * Both QATs share the request's training recipe and activation bits, so only the quantizer differs.
 */
public record SweepConfig(List<Integer> bits, QatConfig quantizer) {

    public static final String BITS = "bits";
    public static final List<Integer> DEFAULT_BITS = List.of(8, 4, 2);
    /** More widths would make one job of many minutes: three trainings and evaluations per width. */
    public static final int MAX_WIDTHS = 5;
    /** QatConfig's fields that the plain QAT takes from the request: the training recipe and the activations' bits. */
    static final List<String> RECIPE = List.of("epochs", "learningRate", "optimizer", "activationBits",
            "freezeObserversAfter", "freezeBatchNormAfter", "seed");
    /** Fields a sweep refuses: the widths come from {@code bits}, the same for every layer. */
    static final List<String> NOT_IN_A_SWEEP = List.of("weightBits", "layerBits");
    /** Every field a {@code sweep} request may send besides {@code kind} and {@code parent}. */
    public static final Set<String> FIELDS = requestFields();

    public SweepConfig {
        bits = checkedWidths(bits);
        if (quantizer == null) {
            throw new InvalidInputException(null, "the quantizer's settings are missing");
        }
    }

    /**
     * The sweep as the API sends it: {@code bits} (optional, default [8, 4, 2]) and the QAT fields
     * of the composed quantizer, each optional with QatConfig's default; the composed quantizer is
     * checked at every width, so a width it cannot take is refused now, naming its field.
     *
     * @throws InvalidInputException naming the field
     */
    public static SweepConfig of(Map<String, ?> fields) {
        for (String field : NOT_IN_A_SWEEP) {
            if (fields.containsKey(field)) {
                throw new InvalidInputException(field, field + ": a sweep quantizes every layer's weights at each width"
                        + " of bits in turn; send \"bits\":[8,4,2] instead");
            }
        }
        QatConfig.Quantizer weights = JsonFields.choice(fields, "weightQuantizer", QatConfig.Quantizer.class,
                QatConfig.Quantizer.STE);
        if (weights == QatConfig.Quantizer.BINARY) {
            throw new InvalidInputException("weightQuantizer", "weightQuantizer binary has 1 bit, sign·α, whatever the"
                    + " width: a sweep compares 2 to 8 bits; fine-tune binary weights with the QAT form instead");
        }
        if (JsonFields.choice(fields, "activationQuantizer", QatConfig.Quantizer.class, QatConfig.Quantizer.STE)
                == QatConfig.Quantizer.BINARY) {
            throw new InvalidInputException("activationQuantizer", "activationQuantizer binary has no PTQ or plain QAT"
                    + " to compare with at 1 bit; a sweep quantizes activations with 2 to 8 bits or keeps them FP32 (32)");
        }
        List<Integer> widths = checkedWidths(readBits(fields));
        Map<String, Object> first = new LinkedHashMap<>(fields);
        first.put("weightBits", widths.get(0));
        SweepConfig config = new SweepConfig(widths, QatConfig.of(first));
        widths.forEach(config::composed);
        return config;
    }

    /** The settings with the API's names: {@code bits} and the composed quantizer's fields but its weightBits. */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(BITS, bits);
        quantizer.fields().forEach((field, value) -> {
            if (!NOT_IN_A_SWEEP.contains(field)) {
                fields.put(field, value);
            }
        });
        return fields;
    }

    /** The student's composed quantizer at {@code weightBits}. */
    public QatConfig composed(int weightBits) {
        Map<String, Object> fields = new LinkedHashMap<>(quantizer.fields());
        fields.put("weightBits", weightBits);
        return QatConfig.of(fields);
    }

    /** Plain QAT at {@code weightBits}: the request's recipe and activation bits, every quantizer setting at its default. */
    public QatConfig plainQat(int weightBits) {
        Map<String, Object> all = quantizer.fields();
        Map<String, Object> fields = new LinkedHashMap<>();
        RECIPE.forEach(field -> fields.put(field, all.get(field)));
        fields.put("weightBits", weightBits);
        return QatConfig.of(fields);
    }

    /**
     * PTQ per-channel at {@code weightBits}, calibrated as Lab 3's default: static with the request's
     * activation bits, or weight-only when the activations stay FP32 (activationBits 32).
     */
    public PtqConfig ptq(int weightBits) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("mode", quantizer.quantizesActivations() ? "static" : "weight-only");
        fields.put("weightBits", weightBits);
        if (quantizer.quantizesActivations()) {
            fields.put("activationBits", quantizer.activationBits());
        }
        fields.put("granularity", "per-channel");
        fields.put("seed", quantizer.seed());
        return PtqConfig.of(fields);
    }

    /** Points deploy to ONNX Runtime only at 8/8 bits: ORT stores int4 weights but runs them slower than FP32 (STACK.md). */
    public boolean deploys(int weightBits) {
        return weightBits == 8 && quantizer.activationBits() == 8;
    }

    /** "W4A8"; "W4" with FP32 activations, as a weight-only PTQ names its bits. */
    public String bitsName(int weightBits) {
        return "W" + weightBits + (quantizer.quantizesActivations() ? "A" + quantizer.activationBits() : "");
    }

    private static Set<String> requestFields() {
        Set<String> fields = new TreeSet<>(QatConfig.FIELDS);
        NOT_IN_A_SWEEP.forEach(fields::remove);
        fields.add(BITS);
        return Collections.unmodifiableSet(fields);
    }

    private static List<Integer> readBits(Map<String, ?> fields) {
        if (!fields.containsKey(BITS)) {
            return DEFAULT_BITS;
        }
        if (!(fields.get(BITS) instanceof List<?> list)) {
            throw new InvalidInputException(BITS, "bits must be a list of weight widths such as [8, 4, 2], got "
                    + InvalidInputException.quote(fields.get(BITS)));
        }
        List<Integer> widths = new ArrayList<>();
        for (Object value : list) {
            if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                throw new InvalidInputException(BITS, "bits must hold whole numbers of bits, got "
                        + InvalidInputException.quote(value));
            }
            if (Math.abs(n.doubleValue()) > PtqConfig.MAX_BITS) {
                throw outOfRange(value);
            }
            widths.add(n.intValue());
        }
        return widths;
    }

    /** Widest first, so the bits order the chart and the reuse of an identical request alike. */
    private static List<Integer> checkedWidths(List<Integer> bits) {
        if (bits == null || bits.isEmpty()) {
            throw new InvalidInputException(BITS, "bits must name at least one weight width, such as [8, 4, 2]");
        }
        if (bits.size() > MAX_WIDTHS) {
            throw new InvalidInputException(BITS, "bits may name at most " + MAX_WIDTHS + " widths, got " + bits.size());
        }
        Set<Integer> seen = new HashSet<>();
        for (Integer b : bits) {
            if (b == null || b < PtqConfig.MIN_BITS || b > PtqConfig.MAX_BITS) {
                throw outOfRange(b);
            }
            if (!seen.add(b)) {
                throw new InvalidInputException(BITS, "bits names " + b + " twice; each width is swept once");
            }
        }
        return bits.stream().sorted(Comparator.reverseOrder()).toList();
    }

    private static InvalidInputException outOfRange(Object width) {
        return new InvalidInputException(BITS, "bits must each be between " + PtqConfig.MIN_BITS + " and "
                + PtqConfig.MAX_BITS + ", got " + width);
    }
}
