package io.quantlab.web.qat;

import io.quantlab.experiment.Experiment;
import io.quantlab.web.Page;
import java.util.Map;

/** The QAT form for one FP32 parent, refilled with what was sent when {@code errorField} needs fixing. */
public record QatFormView(Page page, Experiment parent, boolean parentIsBaseline, Map<String, String> values,
        String error, String errorField) {

    public String value(String field) {
        return values.getOrDefault(field, "");
    }

    public boolean selected(String field, String option) {
        return option.equals(value(field));
    }

    /** The bad field's message, shown next to it, or null for any other field. */
    public String errorFor(String field) {
        return field.equals(errorField) ? error : null;
    }

    public String invalid(String field) {
        return errorFor(field) == null ? "" : "invalid";
    }
}
