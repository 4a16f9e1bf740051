package io.quantlab.web.qat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.InvalidInputException;
import io.quantlab.ptq.PtqConfig;
import io.quantlab.qat.QatConfig;
import io.quantlab.qat.StraightThrough;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The QAT form's text read as the API's settings, and refused with the field named. */
class QatFormTest {

    @Test
    void theDefaultsTheFormShowsReadBackAsTheDefaults() {
        assertEquals(QatConfig.defaults(), config(QatRoutes.FORM.defaultValues()));
        assertEquals("0.001", QatRoutes.FORM.defaultValues().get("learningRate"));
        assertEquals("clipped", QatRoutes.FORM.defaultValues().get("gradient"));
    }

    @Test
    void typedTextBecomesTheSettings() {
        Map<String, String> values = new LinkedHashMap<>(QatRoutes.FORM.defaultValues());
        values.put("weightBits", " 4 ");
        values.put("activationBits", "4");
        values.put("optimizer", "adam");
        values.put("granularity", "per-tensor");
        values.put("gradient", "identity");
        values.put("freezeBatchNormAfter", "0");
        QatConfig config = config(values);
        assertEquals(4, config.weightBits());
        assertEquals(4, config.activationBits());
        assertEquals("adam", config.optimizer());
        assertEquals(PtqConfig.Granularity.PER_TENSOR, config.granularity());
        assertEquals(StraightThrough.Gradient.IDENTITY, config.gradient());
        assertEquals(0, config.freezeBatchNormAfter());
    }

    @Test
    void aBadValueNamesItsField() {
        assertField("epochs", "0");
        assertField("learningRate", "fast");
        assertField("optimizer", "rmsprop");
        assertField("weightBits", "9");
        assertField("activationBits", "");
        assertField("gradient", "none");
        assertField("freezeObserversAfter", "0");
        assertField("seed", "0.5");
    }

    private static QatConfig config(Map<String, String> values) {
        Map<String, Object> fields = QatRoutes.FORM.fields(7, values);
        assertEquals(7L, fields.get("parent"));
        return QatConfig.of(fields);
    }

    private static void assertField(String field, String typed) {
        Map<String, String> values = new LinkedHashMap<>(QatRoutes.FORM.defaultValues());
        values.put(field, typed);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> config(values));
        assertEquals(field, e.field());
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }
}
