package io.quantlab.web.mixed;

import io.quantlab.experiment.Experiment;
import io.quantlab.experiment.ExperimentConfig;
import io.quantlab.experiment.MixedPrecisionMetrics;
import io.quantlab.experiment.PtqMetrics;
import io.quantlab.mixed.GreedyBitSearch;
import io.quantlab.web.ExperimentStatusView;
import io.quantlab.web.Page;
import io.quantlab.web.PageJson;
import java.util.ArrayList;
import java.util.List;

/**
 * A mixed-precision experiment's page; {@code parent} null when no longer visible, {@code metrics},
 * {@code layers} and {@code chartJson} null until done.
 */
public record MixedPrecisionResultView(Page page, Experiment experiment, ExperimentConfig.MixedPrecision config,
        Experiment parent, ExperimentStatusView status, MixedPrecisionMetrics metrics, List<LayerRow> layers,
        PageJson chartJson) {

    /**
     * One layer as the search left it: its width, its packed weight bytes there and their share of
     * the packed model, and its sensitivity at every candidate width (widest first).
     */
    public record LayerRow(String name, int bits, long bytes, double sizeShare, List<GreedyBitSearch.Option> options) {}

    /** The rows of {@code m}'s layers in graph order. */
    static List<LayerRow> rows(MixedPrecisionMetrics m) {
        List<LayerRow> rows = new ArrayList<>();
        for (GreedyBitSearch.Layer layer : m.sensitivity()) {
            int bits = m.layerBits().get(layer.name());
            long bytes = layer.options().stream().filter(o -> o.bits() == bits).findFirst().orElseThrow().bytes();
            rows.add(new LayerRow(layer.name(), bits, bytes, 100.0 * bytes / m.packedModelBytes(), layer.options()));
        }
        return rows;
    }

    public PtqMetrics quantized() {
        return metrics.fineTuned().quantized();
    }

    /** The candidate widths, widest first. */
    public List<Integer> candidateBits() {
        return config.mixed().candidateBits();
    }

    public boolean withinBudget() {
        return metrics.packedModelBytes() <= metrics.sizeBudgetBytes();
    }

    /** Bytes of the packed model not in any layer's weights: biases, float parameters. */
    public long otherBytes() {
        return metrics.packedModelBytes() - layers.stream().mapToLong(LayerRow::bytes).sum();
    }
}
