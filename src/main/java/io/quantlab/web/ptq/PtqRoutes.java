package io.quantlab.web.ptq;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.quantlab.InvalidInputException;
import io.quantlab.experiment.Experiment;
import io.quantlab.experiment.ExperimentService;
import io.quantlab.ptq.PtqConfig;
import io.quantlab.web.Auth;
import io.quantlab.web.ExperimentDownload;
import io.quantlab.web.FinishedTraining;
import io.quantlab.web.LabStart;
import io.quantlab.web.Views;
import java.util.Map;
import java.util.Optional;

/** Lab 3's pages: the PTQ form of a finished training, its four-variant form, and the Labs page's way in. */
public final class PtqRoutes {
    private final ExperimentService experiments;

    public PtqRoutes(ExperimentService experiments) {
        this.experiments = experiments;
    }

    public void register(RoutesConfig routes) {
        routes.get("/labs/ptq", ctx -> FinishedTraining.openLab(ctx, experiments, LabStart.PTQ));
        routes.get("/experiments/{id}/quantize", ctx -> renderForm(ctx, parent(ctx), PtqForm.defaults(),
                defaultBatches(), null, null, false));
        routes.post("/experiments/{id}/quantize", this::start);
        routes.post("/experiments/{id}/quantize-variants", this::startVariants);
        for (String file : ExperimentService.DOWNLOADS) {
            routes.get("/experiments/{id}/" + file, ctx -> ExperimentDownload.send(ctx, experiments, file));
        }
    }

    private void start(Context ctx) {
        Experiment parent = parent(ctx);
        Map<String, String> values = PtqForm.sent(ctx);
        try {
            long id = experiments.startPtq(Auth.user(ctx), PtqForm.fields(parent.id(), values));
            ctx.redirect("/experiments/" + id, HttpStatus.SEE_OTHER);
        } catch (InvalidInputException e) {
            ctx.status(400);
            renderForm(ctx, parent, values, defaultBatches(), e.getMessage(), e.field(), false);
        }
    }

    private void startVariants(Context ctx) {
        Experiment parent = parent(ctx);
        String batches = Optional.ofNullable(ctx.formParam("calibrationBatches")).orElse("");
        try {
            long id = experiments.startPtqVariants(Auth.user(ctx),
                    PtqForm.fields(parent.id(), Map.of("calibrationBatches", batches)));
            ctx.redirect("/experiments/" + id, HttpStatus.SEE_OTHER);
        } catch (InvalidInputException e) {
            ctx.status(400);
            renderForm(ctx, parent, PtqForm.defaults(), batches, e.getMessage(), e.field(), true);
        }
    }

    private void renderForm(Context ctx, Experiment parent, Map<String, String> values, String variantsBatches,
            String error, String errorField, boolean variantsError) {
        Views.render(ctx, "ptq/quantize.jte", new PtqFormView(Views.page(ctx, "Quantize #" + parent.id(), "experiments"),
                parent, parent.isBaseline() && parent.ownerId() != Auth.user(ctx).id(), values, variantsBatches,
                error, errorField, variantsError));
    }

    private Experiment parent(Context ctx) {
        return FinishedTraining.inPath(ctx, experiments);
    }

    private static String defaultBatches() {
        return String.valueOf(PtqConfig.defaults().calibrationBatches());
    }
}
