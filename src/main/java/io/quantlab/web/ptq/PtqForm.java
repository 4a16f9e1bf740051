package io.quantlab.web.ptq;

import io.javalin.http.Context;
import io.quantlab.ptq.PtqConfig;
import io.quantlab.web.ApiForm;
import java.util.List;
import java.util.Map;

/** The PTQ form's fields, with the API's names (see {@link ApiForm}). */
final class PtqForm {
    private static final ApiForm FORM = new ApiForm(PtqConfig.defaults().fields(),
            List.of("mode", "granularity", "weightScheme", "activationRange"));

    private PtqForm() {
    }

    /** The defaults, as the form shows them. */
    static Map<String, String> defaults() {
        return FORM.defaultValues();
    }

    /** What the form sent, as typed, field by field. */
    static Map<String, String> sent(Context ctx) {
        return FORM.sent(ctx);
    }

    /** The API's fields for a quantization of {@code parent} with what was typed. */
    static Map<String, Object> fields(long parent, Map<String, String> values) {
        return FORM.fields(parent, values);
    }
}
