package io.quantlab.mixed;

import static io.quantlab.JsonFields.require;

import io.quantlab.InvalidInputException;
import io.quantlab.ptq.PtqConfig;
import io.quantlab.qat.QatConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A mixed-precision request with the API's names: {@code sizeBudgetBytes} (required), the weight
 * widths each layer may take, {@code candidateBits} (default [8, 4, 2]), and the fine-tuning's
 * {@link QatConfig} fields except {@code weightBits}, which the search chooses per layer.
 *
 * @param candidateBits distinct, from the widest to the narrowest
 * @param qat           the fine-tuning's settings, with every layer at the widest candidate
 */
public record MixedPrecisionConfig(long sizeBudgetBytes, List<Integer> candidateBits, QatConfig qat) {

    public static final List<Integer> DEFAULT_CANDIDATE_BITS = List.of(8, 4, 2);
    /** Far above any model of the zoo; keeps the number an exact whole number in JSON's doubles. */
    public static final long MAX_BUDGET_BYTES = 1L << 40;
    /** The QatConfig fields the search sets itself (every layer quantized, each at its width), so a request may not. */
    public static final Set<String> CHOSEN_BY_THE_SEARCH = Set.of("weightBits", "layerBits", "layers");

    private static final String BINARY_HAS_ONE_WIDTH = "weightQuantizer binary has one width, 1 bit, so there is"
            + " nothing to choose per layer; use ste or lsq";

    public MixedPrecisionConfig {
        require(sizeBudgetBytes >= 1 && sizeBudgetBytes <= MAX_BUDGET_BYTES, "sizeBudgetBytes",
                "sizeBudgetBytes must be a number of bytes between 1 and " + MAX_BUDGET_BYTES + ", got "
                        + sizeBudgetBytes);
        candidateBits = List.copyOf(candidateBits);
        require(!candidateBits.isEmpty(), "candidateBits", "candidateBits must name at least one width");
        for (int i = 0; i < candidateBits.size(); i++) {
            int bits = candidateBits.get(i);
            require(bits >= PtqConfig.MIN_BITS && bits <= PtqConfig.MAX_BITS, "candidateBits", "candidateBits must be"
                    + " between " + PtqConfig.MIN_BITS + " and " + PtqConfig.MAX_BITS + ", got " + bits);
            require(i == 0 || bits < candidateBits.get(i - 1), "candidateBits",
                    "candidateBits must be distinct, from the widest to the narrowest, got " + candidateBits);
        }
        require(qat != null && qat.weightBits() == candidateBits.get(0), "candidateBits",
                "the fine-tuning's weightBits must be the widest candidate, " + candidateBits.get(0));
        require(qat.weightQuantizer() != QatConfig.Quantizer.BINARY, "weightQuantizer", BINARY_HAS_ONE_WIDTH);
        require(qat.layers().isEmpty() && qat.layerBits().isEmpty(), "layerBits",
                "mixed precision quantizes every layer and chooses each one's width itself");
    }

    /**
     * The settings as the API sends them; {@code candidateBits} in any order.
     *
     * @throws InvalidInputException naming the field for a missing budget, a value of the wrong type or out of range
     */
    public static MixedPrecisionConfig of(Map<String, ?> fields) {
        for (String chosen : CHOSEN_BY_THE_SEARCH) {
            require(!fields.containsKey(chosen), chosen, chosen + ": every layer's weight width is chosen by the"
                    + " search; send candidateBits, the widths it may choose from");
        }
        require(!"binary".equals(fields.get("weightQuantizer")), "weightQuantizer", BINARY_HAS_ONE_WIDTH);
        require(fields.containsKey("sizeBudgetBytes"), "sizeBudgetBytes",
                "sizeBudgetBytes is required: the largest packed model size in bytes");
        long budget = wholeBytes(fields.get("sizeBudgetBytes"));
        List<Integer> candidates = candidateBits(fields.get("candidateBits"));
        return new MixedPrecisionConfig(budget, candidates, qat(fields, candidates.get(0)));
    }

    /** The fine-tuning's settings from the request's QAT fields, with every layer at {@code weightBits}. */
    private static QatConfig qat(Map<String, ?> fields, int weightBits) {
        Map<String, Object> qat = new LinkedHashMap<>(fields);
        qat.put("weightBits", weightBits);
        return QatConfig.of(qat);
    }

    /** The fine-tuning's settings with every layer at {@code bits}. */
    public QatConfig qatAt(int bits) {
        Map<String, Object> fields = new LinkedHashMap<>(qat.fields());
        fields.put("weightBits", bits);
        return QatConfig.of(fields);
    }

    /** The fine-tuning's settings with each layer at its width in {@code layerBits} (QatConfig's layerBits). */
    public QatConfig fineTuning(Map<String, Integer> layerBits) {
        Map<String, Object> fields = new LinkedHashMap<>(qat.fields());
        fields.put("layerBits", layerBits);
        return QatConfig.of(fields);
    }

    /** The widest candidate, where every layer starts. */
    public int widestBits() {
        return candidateBits.get(0);
    }

    public int narrowestBits() {
        return candidateBits.get(candidateBits.size() - 1);
    }

    /** The settings with the API's names and values, as {@link #of} reads them back. */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("sizeBudgetBytes", sizeBudgetBytes);
        fields.put("candidateBits", candidateBits);
        qat.fields().forEach((name, value) -> {
            if (!CHOSEN_BY_THE_SEARCH.contains(name)) {
                fields.put(name, value);
            }
        });
        return fields;
    }

    /** The field names a request may send: the budget, the candidates and the fine-tuning's. */
    public static Set<String> fieldNames() {
        Set<String> names = new TreeSet<>(QatConfig.FIELDS);
        names.removeAll(CHOSEN_BY_THE_SEARCH);
        names.add("sizeBudgetBytes");
        names.add("candidateBits");
        return names;
    }

    private static long wholeBytes(Object value) {
        if (value instanceof Number n && Double.isFinite(n.doubleValue()) && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) <= MAX_BUDGET_BYTES) {
            return n.longValue();
        }
        throw new InvalidInputException("sizeBudgetBytes", "sizeBudgetBytes must be a whole number of bytes, got "
                + InvalidInputException.quote(value));
    }

    private static List<Integer> candidateBits(Object value) {
        if (value == null) {
            return DEFAULT_CANDIDATE_BITS;
        }
        if (!(value instanceof List<?> list) || list.isEmpty() || list.size() > PtqConfig.MAX_BITS) {
            throw new InvalidInputException("candidateBits", "candidateBits must be a list of 1 to "
                    + PtqConfig.MAX_BITS + " weight widths such as [8, 4, 2], got " + InvalidInputException.quote(value));
        }
        Set<Integer> distinct = new TreeSet<>(Comparator.reverseOrder());
        for (Object bits : list) {
            if (!(bits instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
                    || n.doubleValue() < PtqConfig.MIN_BITS || n.doubleValue() > PtqConfig.MAX_BITS) {
                throw new InvalidInputException("candidateBits", "candidateBits must be whole numbers of bits between "
                        + PtqConfig.MIN_BITS + " and " + PtqConfig.MAX_BITS + ", got " + InvalidInputException.quote(bits));
            }
            if (!distinct.add(n.intValue())) {
                throw new InvalidInputException("candidateBits", "candidateBits must be distinct, got "
                        + InvalidInputException.quote(value));
            }
        }
        return new ArrayList<>(distinct);
    }
}
