package io.quantlab.mixed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mixed-precision request: defaults, the widths in order, the fields the search owns, the round trip. */
class MixedPrecisionConfigTest {

    @Test
    void onlyTheBudgetIsNeededAndTheWidthsDefaultToEightFourTwo() {
        MixedPrecisionConfig c = MixedPrecisionConfig.of(Map.of("sizeBudgetBytes", 60000));
        assertEquals(60000, c.sizeBudgetBytes());
        assertEquals(List.of(8, 4, 2), c.candidateBits());
        assertEquals(8, c.qat().weightBits(), "the fine-tuning starts every layer at the widest");
        assertEquals(1, c.qat().epochs());
    }

    @Test
    void candidateWidthsComeInAnyOrderAndAreKeptWidestFirst() {
        MixedPrecisionConfig c = MixedPrecisionConfig.of(Map.of("sizeBudgetBytes", 1000, "candidateBits", List.of(3, 6)));
        assertEquals(List.of(6, 3), c.candidateBits());
        assertEquals(6, c.widestBits());
        assertEquals(3, c.narrowestBits());
        assertEquals(6, c.qatAt(6).weightBits());
        assertEquals(3, c.qatAt(3).weightBits());
    }

    @Test
    void theFieldsReadBackToTheSameConfigAndLeaveOutWhatTheSearchChooses() {
        MixedPrecisionConfig c = MixedPrecisionConfig.of(Map.of("sizeBudgetBytes", 1234, "candidateBits", List.of(2, 8),
                "epochs", 2, "optimizer", "adam", "seed", 3));
        Map<String, Object> fields = c.fields();
        assertFalse(fields.containsKey("weightBits") || fields.containsKey("layerBits") || fields.containsKey("layers"));
        assertEquals(c, MixedPrecisionConfig.of(fields));
        assertTrue(MixedPrecisionConfig.fieldNames().containsAll(List.of("sizeBudgetBytes", "candidateBits", "epochs")));
        assertFalse(MixedPrecisionConfig.fieldNames().contains("weightBits"));
    }

    @Test
    void badValuesNameTheirField() {
        assertField("sizeBudgetBytes", Map.of());
        assertField("sizeBudgetBytes", Map.of("sizeBudgetBytes", -5));
        assertField("sizeBudgetBytes", Map.of("sizeBudgetBytes", 1e15));
        assertField("candidateBits", Map.of("sizeBudgetBytes", 9, "candidateBits", List.of(8, 9)));
        assertField("candidateBits", Map.of("sizeBudgetBytes", 9, "candidateBits", List.of(4294967304L)));
        assertField("candidateBits", Map.of("sizeBudgetBytes", 9, "candidateBits", List.of("8")));
        assertField("weightBits", Map.of("sizeBudgetBytes", 9, "weightBits", 4));
        assertField("layerBits", Map.of("sizeBudgetBytes", 9, "layerBits", Map.of("fc", 4)));
        assertField("weightQuantizer", Map.of("sizeBudgetBytes", 9, "weightQuantizer", "binary"));
        assertField("epochs", Map.of("sizeBudgetBytes", 9, "epochs", 0));
    }

    private static void assertField(String field, Map<String, ?> fields) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> MixedPrecisionConfig.of(fields));
        assertEquals(field, e.field(), e.getMessage());
    }
}
