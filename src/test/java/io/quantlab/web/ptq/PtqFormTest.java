package io.quantlab.web.ptq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.InvalidInputException;
import io.quantlab.deploy.ModelQuantization;
import io.quantlab.ptq.PtqConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The PTQ form's text read as the API's settings, and refused with the field named. */
class PtqFormTest {

    @Test
    void theDefaultsTheFormShowsReadBackAsTheDefaults() {
        assertEquals(PtqConfig.defaults(), config(PtqForm.defaults()));
        assertEquals("99.99", PtqForm.defaults().get("percentile"));
        assertEquals("true", PtqForm.defaults().get("foldBatchNorm"));
    }

    @Test
    void typedTextBecomesTheSettings() {
        Map<String, String> values = new LinkedHashMap<>(PtqForm.defaults());
        values.put("mode", "dynamic");
        values.put("weightBits", " 4 ");
        values.put("activationRange", "percentile");
        values.put("percentile", "99.9");
        values.put("foldBatchNorm", "false");
        PtqConfig config = config(values);
        assertEquals(ModelQuantization.Mode.DYNAMIC, config.mode());
        assertEquals(4, config.weightBits());
        assertEquals(PtqConfig.ActivationRange.PERCENTILE, config.activationRange());
        assertEquals(99.9, config.percentile());
        assertFalse(config.foldBatchNorm());
    }

    @Test
    void aBadValueNamesItsField() {
        assertField("weightBits", "weightBits", "9");
        assertField("activationBits", "activationBits", "");
        assertField("calibrationBatches", "calibrationBatches", "ten");
        assertField("percentile", "percentile", "NaN");
        assertField("seed", "seed", "0.5");
        assertField("foldBatchNorm", "foldBatchNorm", "maybe");
        assertField("activationRange", "activationRange", "median");
    }

    private static PtqConfig config(Map<String, String> values) {
        Map<String, Object> fields = PtqForm.fields(7, values);
        assertEquals(7L, fields.get("parent"));
        return PtqConfig.of(fields);
    }

    private static void assertField(String field, String name, String typed) {
        Map<String, String> values = new LinkedHashMap<>(PtqForm.defaults());
        values.put(name, typed);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> config(values));
        assertEquals(field, e.field());
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }
}
