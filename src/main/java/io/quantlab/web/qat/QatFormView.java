package io.quantlab.web.qat;

import io.quantlab.experiment.Experiment;
import io.quantlab.web.FilledForm;
import io.quantlab.web.Page;
import java.util.Map;

/** The QAT form for one FP32 parent, refilled with what was sent when {@code errorField} needs fixing. */
public record QatFormView(Page page, Experiment parent, boolean parentIsBaseline, Map<String, String> values,
        String error, String errorField) implements FilledForm {
}
