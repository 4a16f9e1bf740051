package io.quantlab.web.mixed;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.quantlab.InvalidInputException;
import io.quantlab.experiment.Experiment;
import io.quantlab.experiment.ExperimentService;
import io.quantlab.mixed.MixedPrecisionConfig;
import io.quantlab.mixed.PackedModelSizes;
import io.quantlab.qat.QatConfig;
import io.quantlab.web.ApiForm;
import io.quantlab.web.Auth;
import io.quantlab.web.FinishedTraining;
import io.quantlab.web.Views;
import io.quantlab.web.qat.QatFormView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Lab 5's mixed-precision form of a finished training: a size budget, the widths to choose from, the fine-tuning. */
public final class MixedPrecisionRoutes {
    /** The fine-tuning's fields the form shows; the others keep QatConfig's defaults. */
    private static final List<String> QAT_FIELDS = List.of("epochs", "learningRate", "optimizer", "activationBits",
            "granularity", "seed");
    static final ApiForm FORM = new ApiForm(formDefaults(), List.of("optimizer", "granularity"));
    /** The widths offered as check boxes. */
    static final List<Integer> WIDTHS = List.of(8, 7, 6, 5, 4, 3, 2);
    private final ExperimentService experiments;

    public MixedPrecisionRoutes(ExperimentService experiments) {
        this.experiments = experiments;
    }

    public void register(RoutesConfig routes) {
        routes.get("/experiments/{id}/mixed-precision", this::showForm);
        routes.post("/experiments/{id}/mixed-precision", this::start);
    }

    private static Map<String, Object> formDefaults() {
        Map<String, Object> defaults = new LinkedHashMap<>();
        QatConfig qat = QatConfig.defaults();
        QAT_FIELDS.forEach(field -> defaults.put(field, qat.fields().get(field)));
        return defaults;
    }

    private void showForm(Context ctx) {
        Experiment parent = FinishedTraining.inPath(ctx, experiments);
        PackedModelSizes sizes = sizes(parent);
        Map<String, String> values = FORM.defaultValues();
        // half the all-8-bit model: some layers must go below 8 bits, and 4 bits everywhere would fit
        values.put("sizeBudgetBytes", String.valueOf(sizes.uniformSizeBytes(8) / 2));
        render(ctx, parent, sizes, values, joined(MixedPrecisionConfig.DEFAULT_CANDIDATE_BITS), null, null);
    }

    private void start(Context ctx) {
        Experiment parent = FinishedTraining.inPath(ctx, experiments);
        Map<String, String> values = FORM.sent(ctx);
        String budget = ctx.formParam("sizeBudgetBytes");
        values.put("sizeBudgetBytes", budget == null ? "" : budget);
        List<String> checked = ctx.formParams("candidateBits");
        try {
            Map<String, Object> fields = FORM.fields(parent.id(), values);
            List<Object> candidates = new ArrayList<>();
            checked.forEach(bits -> candidates.add(bits.matches("\\d{1,2}") ? Integer.valueOf(bits) : bits));
            fields.put("candidateBits", candidates);
            long id = experiments.startMixedPrecision(Auth.user(ctx), fields);
            ctx.redirect("/experiments/" + id, HttpStatus.SEE_OTHER);
        } catch (InvalidInputException e) {
            ctx.status(400);
            render(ctx, parent, sizes(parent), values, String.join(",", checked), e.getMessage(), e.field());
        }
    }

    private PackedModelSizes sizes(Experiment parent) {
        return experiments.packedSizes(parent, QatConfig.defaults());
    }

    private static String joined(List<Integer> bits) {
        return String.join(",", bits.stream().map(String::valueOf).toList());
    }

    private void render(Context ctx, Experiment parent, PackedModelSizes sizes, Map<String, String> values,
                        String candidateBits, String error, String errorField) {
        QatFormView form = new QatFormView(Views.page(ctx, "Mixed precision of #" + parent.id(), "experiments"),
                parent, parent.isBaseline() && parent.ownerId() != Auth.user(ctx).id(), values, error, errorField);
        Views.render(ctx, "mixed/start.jte", new MixedPrecisionFormView(form, sizes, List.of(candidateBits.split(","))));
    }
}
