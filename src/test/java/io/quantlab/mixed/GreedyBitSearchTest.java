package io.quantlab.mixed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.mixed.GreedyBitSearch.Layer;
import io.quantlab.mixed.GreedyBitSearch.Option;
import io.quantlab.mixed.GreedyBitSearch.Result;
import io.quantlab.mixed.GreedyBitSearch.Step;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The greedy per-layer width search on hand-made sensitivities and sizes. */
class GreedyBitSearchTest {

    /** A layer of {@code weights} 1-byte-per-8-bit weights at 8, 4 and 2 bits with the given drops. */
    private static Layer layer(String name, long weights, double drop8, double drop4, double drop2) {
        return new Layer(name, List.of(new Option(8, weights, drop8, 0), new Option(4, weights / 2, drop4, 0),
                new Option(2, weights / 4, drop2, 0)));
    }

    @Test
    void aBudgetAtOrAboveTheWidestSizeKeepsEveryLayerWidestInNoStep() {
        List<Layer> layers = List.of(layer("conv1", 400, 0, 1, 5), layer("fc", 4000, 0, 0.2, 3));
        assertEquals(4500, GreedyBitSearch.widestSize(layers, 100));
        Result r = GreedyBitSearch.search(layers, 100, 4500);
        assertEquals(Map.of("conv1", 8, "fc", 8), r.bits());
        assertTrue(r.steps().isEmpty() && r.metBudget());
        assertEquals(4500, r.sizeBytes());
    }

    @Test
    void lowersTheLayerThatCostsTheLeastAccuracyPerByteUntilTheBudgetIsMet() {
        // fc at 4 bits: 0.2 pt for 2000 bytes (1e-4 pt/byte); conv1 at 4 bits: 1 pt for 200 bytes (5e-3 pt/byte)
        List<Layer> layers = List.of(layer("conv1", 400, 0, 1, 5), layer("fc", 4000, 0, 0.2, 3));
        Result r = GreedyBitSearch.search(layers, 100, 2600);
        assertEquals(List.of(new Step("fc", 8, 4, 0.2, 2000, 2500)), r.steps(), "one step is enough");
        assertEquals(Map.of("conv1", 8, "fc", 4), r.bits());
        assertEquals(2500, r.sizeBytes());
        assertTrue(r.metBudget());
    }

    @Test
    void recordsEveryStepAndComparesCostPerByteNotCostAlone() {
        // after fc 8→4 (2000 bytes), fc 4→2 costs 2.8 pt for 1000 bytes (2.8e-3/byte), conv1 8→4 1 pt for 200 (5e-3/byte):
        // fc is lowered again although its cost in points is the larger
        List<Layer> layers = List.of(layer("conv1", 400, 0, 1, 5), layer("fc", 4000, 0, 0.2, 3));
        Result r = GreedyBitSearch.search(layers, 100, 1500);
        assertEquals(List.of("fc", "fc"), r.steps().stream().map(Step::layer).toList());
        assertEquals(2.8, r.steps().get(1).accuracyCost(), 1e-9);
        assertEquals(1500, r.steps().get(1).sizeBytes());
        assertEquals(Map.of("conv1", 8, "fc", 2), r.bits());

        Result further = GreedyBitSearch.search(layers, 100, 1400);
        assertEquals(List.of("fc", "fc", "conv1"), further.steps().stream().map(Step::layer).toList());
        assertEquals(1300, further.sizeBytes());
        assertTrue(further.sizeBytes() <= 1400);
    }

    @Test
    void aNarrowerWidthThatMeasuredBetterCostsNothing() {
        List<Layer> layers = List.of(layer("conv1", 400, 0.4, 0.2, 0.6), layer("fc", 4000, 0, 0.1, 3));
        Result r = GreedyBitSearch.search(layers, 0, 4300);
        assertEquals(new Step("conv1", 8, 4, 0, 200, 4200), r.steps().get(0), "a drop that falls is a cost of 0");
    }

    @Test
    void equalCostsPerBytePreferTheFewerChangedPredictionsThenTheBiggerSavingThenTheEarlierLayer() {
        Layer a = new Layer("a", List.of(new Option(8, 100, 0, 0), new Option(4, 50, 0, 3)));
        Layer b = new Layer("b", List.of(new Option(8, 100, 0, 0), new Option(4, 50, 0, 1)));
        assertEquals("b", GreedyBitSearch.search(List.of(a, b), 0, 190).steps().get(0).layer(),
                "no accuracy lost either way: fewer changed predictions per byte");

        Layer small = new Layer("small", List.of(new Option(8, 100, 0, 0), new Option(4, 50, 0, 0)));
        Layer big = new Layer("big", List.of(new Option(8, 1000, 0, 0), new Option(4, 500, 0, 0)));
        assertEquals("big", GreedyBitSearch.search(List.of(small, big), 0, 1090).steps().get(0).layer(),
                "free either way: the bigger saving first");

        Layer first = new Layer("first", List.of(new Option(8, 100, 0, 0), new Option(4, 50, 1, 0)));
        Layer second = new Layer("second", List.of(new Option(8, 100, 0, 0), new Option(4, 50, 1, 0)));
        assertEquals("first", GreedyBitSearch.search(List.of(first, second), 0, 190).steps().get(0).layer());
        assertEquals("second", GreedyBitSearch.search(List.of(second, first), 0, 190).steps().get(0).layer(),
                "a full tie takes the earlier layer in the given order");
    }

    @Test
    void anImpossibleBudgetEndsWithEveryLayerAtItsNarrowestAndSaysSo() {
        List<Layer> layers = List.of(layer("conv1", 400, 0, 1, 5), layer("fc", 4000, 0, 0.2, 3));
        assertEquals(100 + 100 + 1000, GreedyBitSearch.smallestSize(layers, 100));
        Result r = GreedyBitSearch.search(layers, 100, 1199);
        assertFalse(r.metBudget());
        assertEquals(Map.of("conv1", 2, "fc", 2), r.bits());
        assertEquals(1200, r.sizeBytes());
        assertEquals(4, r.steps().size(), "two lowerings per layer");

        assertTrue(GreedyBitSearch.search(layers, 100, 1200).metBudget(), "exactly the smallest size is reachable");
    }

    @Test
    void aSingleCandidateWidthLeavesNothingToSearch() {
        Layer only8 = new Layer("fc", List.of(new Option(8, 4000, 0, 0)));
        Result r = GreedyBitSearch.search(List.of(only8), 10, 5000);
        assertEquals(Map.of("fc", 8), r.bits());
        assertFalse(GreedyBitSearch.search(List.of(only8), 10, 4000).metBudget());
    }
}
