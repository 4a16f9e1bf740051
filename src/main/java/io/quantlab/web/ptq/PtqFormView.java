package io.quantlab.web.ptq;

import io.quantlab.experiment.Experiment;
import io.quantlab.web.Page;
import java.util.Map;

/**
 * The PTQ form for one FP32 parent, refilled with what was sent when something needs fixing.
 * {@code errorField} names the bad field; {@code variantsError} says the error is the variants
 * form's (its one field is {@code variantsBatches}).
 */
public record PtqFormView(Page page, Experiment parent, boolean parentIsBaseline, Map<String, String> values,
        String variantsBatches, String error, String errorField, boolean variantsError) {

    public String value(String field) {
        return values.getOrDefault(field, "");
    }

    public boolean selected(String field, String option) {
        return option.equals(value(field));
    }

    /** The bad field's message, shown next to it, or null for any other field. */
    public String errorFor(String field) {
        return !variantsError && field.equals(errorField) ? error : null;
    }

    public String invalid(String field) {
        return errorFor(field) == null ? "" : "invalid";
    }
}
