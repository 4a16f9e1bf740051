package io.quantlab.web.qat;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.quantlab.InvalidInputException;
import io.quantlab.experiment.Experiment;
import io.quantlab.experiment.ExperimentService;
import io.quantlab.qat.QatConfig;
import io.quantlab.web.ApiForm;
import io.quantlab.web.Auth;
import io.quantlab.web.FinishedTraining;
import io.quantlab.web.LabStart;
import io.quantlab.web.Views;
import java.util.List;
import java.util.Map;

/** Lab 4's pages: the QAT form of a finished training, and the Labs page's way in. */
public final class QatRoutes {
    /** The QAT fields that are choices by name (ApiForm's text fields), in every form that composes a quantizer. */
    public static final List<String> CHOICE_FIELDS = List.of("optimizer", "granularity", "weightQuantizer",
            "activationQuantizer", "weightScheme", "range", "rounding", "gradient");
    /** The QAT job's fields as a form has them: Lab 4's form and Lab 5's composer. */
    public static final ApiForm FORM = new ApiForm(QatConfig.defaults().fields(), CHOICE_FIELDS);
    private final ExperimentService experiments;

    public QatRoutes(ExperimentService experiments) {
        this.experiments = experiments;
    }

    public void register(RoutesConfig routes) {
        routes.get("/labs/qat", ctx -> FinishedTraining.openLab(ctx, experiments, LabStart.QAT));
        routes.get("/experiments/{id}/qat", ctx -> renderForm(ctx, FinishedTraining.inPath(ctx, experiments),
                FORM.defaultValues(), null, null));
        routes.post("/experiments/{id}/qat", this::start);
    }

    private void start(Context ctx) {
        Experiment parent = FinishedTraining.inPath(ctx, experiments);
        Map<String, String> values = FORM.sent(ctx);
        try {
            long id = experiments.startQat(Auth.user(ctx), FORM.fields(parent.id(), values));
            ctx.redirect("/experiments/" + id, HttpStatus.SEE_OTHER);
        } catch (InvalidInputException e) {
            ctx.status(400);
            renderForm(ctx, parent, values, e.getMessage(), e.field());
        }
    }

    private void renderForm(Context ctx, Experiment parent, Map<String, String> values, String error, String errorField) {
        Views.render(ctx, "qat/train.jte", new QatFormView(Views.page(ctx, "QAT of #" + parent.id(), "experiments"),
                parent, parent.isBaseline() && parent.ownerId() != Auth.user(ctx).id(), values, error, errorField));
    }
}
