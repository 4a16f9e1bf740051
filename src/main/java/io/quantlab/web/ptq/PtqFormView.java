package io.quantlab.web.ptq;

import io.quantlab.experiment.Experiment;
import io.quantlab.web.FilledForm;
import io.quantlab.web.Page;
import java.util.Map;

/**
 * The PTQ form for one FP32 parent, refilled with what was sent when something needs fixing.
 * {@code errorField} names the bad field; {@code variantsError} says the error is the variants
 * form's (its one field is {@code variantsBatches}).
 */
public record PtqFormView(Page page, Experiment parent, boolean parentIsBaseline, Map<String, String> values,
        String variantsBatches, String error, String errorField, boolean variantsError) implements FilledForm {

    /** The PTQ form's fields show no message when it is the variants form's. */
    @Override
    public String errorFor(String field) {
        return variantsError ? null : FilledForm.super.errorFor(field);
    }
}
