package io.quantlab.mixed;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The mixed-precision search: every layer starts at its widest candidate width; while the packed
 * model is larger than the budget, the layer whose next narrower width costs the least accuracy
 * per byte saved is lowered one width, and the step is recorded. The cost of a step is the rise of
 * the layer's accuracy drop (measured with that layer alone quantized, as Lab 3's layer
 * sensitivity), never below 0; equal costs per byte are told apart by the rise in changed top-1
 * predictions per byte, then by the most bytes saved, then by the earlier layer.
 */
public final class GreedyBitSearch {

    /** One width of a layer: its packed weight bytes, and the damage done with this layer alone at this width. */
    public record Option(int bits, long bytes, double accuracyDrop, double changedPredictions) {}

    /** A quantized layer and its options from the widest to the narrowest. */
    public record Layer(String name, List<Option> options) {
        public Layer {
            if (options.isEmpty()) {
                throw new IllegalArgumentException("layer " + name + " has no width to choose");
            }
            options = List.copyOf(options);
        }

        long bytesAt(int index) {
            return options.get(index).bytes();
        }
    }

    /**
     * One lowering: {@code layer} from {@code fromBits} to {@code toBits}, costing
     * {@code accuracyCost} points (the rise in its drop, at least 0) for {@code bytesSaved};
     * {@code sizeBytes} is the model's size after it.
     */
    public record Step(String layer, int fromBits, int toBits, double accuracyCost, long bytesSaved, long sizeBytes) {}

    /**
     * The widths chosen, by layer in the given order; {@code metBudget} false when even the
     * narrowest widths everywhere are larger than the budget (then every layer is at its narrowest).
     */
    public record Result(Map<String, Integer> bits, List<Step> steps, long sizeBytes, long budgetBytes,
                         boolean metBudget) {
        public Result {
            bits = Collections.unmodifiableMap(new LinkedHashMap<>(bits));
            steps = List.copyOf(steps);
        }
    }

    private GreedyBitSearch() {}

    /** The model's size with every layer at its widest width; {@code fixedBytes} is what no width changes. */
    public static long widestSize(List<Layer> layers, long fixedBytes) {
        return fixedBytes + layers.stream().mapToLong(l -> l.bytesAt(0)).sum();
    }

    /** The smallest size the search can reach: every layer at its narrowest width. */
    public static long smallestSize(List<Layer> layers, long fixedBytes) {
        return fixedBytes + layers.stream().mapToLong(l -> l.bytesAt(l.options().size() - 1)).sum();
    }

    public static Result search(List<Layer> layers, long fixedBytes, long budgetBytes) {
        int[] at = new int[layers.size()];
        long size = widestSize(layers, fixedBytes);
        List<Step> steps = new ArrayList<>();
        while (size > budgetBytes) {
            int best = -1;
            for (int i = 0; i < layers.size(); i++) {
                if (at[i] + 1 < layers.get(i).options().size() && (best < 0 || cheaper(layers.get(i), at[i],
                        layers.get(best), at[best]))) {
                    best = i;
                }
            }
            if (best < 0) {
                break; // every layer at its narrowest
            }
            Layer layer = layers.get(best);
            Option from = layer.options().get(at[best]);
            Option to = layer.options().get(at[best] + 1);
            long saved = from.bytes() - to.bytes();
            size -= saved;
            steps.add(new Step(layer.name(), from.bits(), to.bits(), Math.max(0, to.accuracyDrop() - from.accuracyDrop()),
                    saved, size));
            at[best]++;
        }
        Map<String, Integer> bits = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            bits.put(layers.get(i).name(), layers.get(i).options().get(at[i]).bits());
        }
        return new Result(bits, steps, size, budgetBytes, size <= budgetBytes);
    }

    /** True when lowering {@code a} one width is cheaper than lowering {@code b}; ties keep {@code b}, the earlier layer. */
    private static boolean cheaper(Layer a, int atA, Layer b, int atB) {
        long savedA = saved(a, atA);
        long savedB = saved(b, atB);
        // cross-multiplied to compare cost/saved without dividing: exact ties stay ties
        int byAccuracy = Double.compare(rise(a, atA, Option::accuracyDrop) * savedB,
                rise(b, atB, Option::accuracyDrop) * savedA);
        if (byAccuracy != 0) {
            return byAccuracy < 0;
        }
        int byChanged = Double.compare(rise(a, atA, Option::changedPredictions) * savedB,
                rise(b, atB, Option::changedPredictions) * savedA);
        if (byChanged != 0) {
            return byChanged < 0;
        }
        return savedA > savedB;
    }

    /** Bytes saved by lowering the layer one width; a width that saves nothing is treated as saving one byte. */
    private static long saved(Layer layer, int at) {
        return Math.max(1, layer.bytesAt(at) - layer.bytesAt(at + 1));
    }

    private static double rise(Layer layer, int at, ToDoubleFunction<Option> measure) {
        return Math.max(0, measure.applyAsDouble(layer.options().get(at + 1))
                - measure.applyAsDouble(layer.options().get(at)));
    }
}
