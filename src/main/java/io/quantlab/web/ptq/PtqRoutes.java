package io.quantlab.web.ptq;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.quantlab.InvalidInputException;
import io.quantlab.account.User;
import io.quantlab.experiment.Experiment;
import io.quantlab.experiment.ExperimentKind;
import io.quantlab.experiment.ExperimentService;
import io.quantlab.experiment.ExperimentStatus;
import io.quantlab.ptq.PtqConfig;
import io.quantlab.web.Auth;
import io.quantlab.web.Ids;
import io.quantlab.web.SimplePage;
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
        routes.get("/labs/ptq", this::openLab);
        routes.get("/experiments/{id}/quantize", ctx -> renderForm(ctx, parent(ctx), PtqForm.defaults(),
                defaultBatches(), null, null, false));
        routes.post("/experiments/{id}/quantize", this::start);
        routes.post("/experiments/{id}/quantize-variants", this::startVariants);
        for (String file : ExperimentService.DOWNLOADS) {
            routes.get("/experiments/{id}/" + file, ctx -> download(ctx, file));
        }
    }

    /** A quantization's file for the signed-in browser (the API's twin needs a token). */
    private void download(Context ctx, String file) {
        long id = Ids.path(ctx, "id");
        byte[] content = experiments.download(Auth.user(ctx), id, file)
                .orElseThrow(() -> new NotFoundResponse("experiment " + id + " has no " + file + " that you can see"));
        ctx.contentType(file.endsWith(".json") ? "application/json" : "application/octet-stream")
                .header("Content-Disposition", "attachment; filename=\"experiment-" + id + "-" + file + "\"")
                .result(content);
    }

    /** The form with the latest finished training of the student, else a course baseline; else how to get one. */
    private void openLab(Context ctx) {
        User user = Auth.user(ctx);
        Optional<Experiment> start = experiments.ownedBy(user).stream().filter(PtqRoutes::quantizable).findFirst()
                .or(() -> experiments.baselines(user).stream().filter(PtqRoutes::quantizable).findFirst());
        if (start.isPresent()) {
            ctx.redirect("/experiments/" + start.get().id() + "/quantize");
        } else {
            Views.render(ctx, "ptq/start.jte", new SimplePage(Views.page(ctx, "Lab 3 · PTQ", "labs")));
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

    /** The training in the path, if the user may see it (else 404) and it is a finished training (else 400). */
    private Experiment parent(Context ctx) {
        long id = Ids.path(ctx, "id");
        Experiment e = experiments.visible(Auth.user(ctx), id)
                .orElseThrow(() -> new NotFoundResponse("no experiment " + id + " that you can see"));
        if (!quantizable(e)) {
            throw new InvalidInputException("parent", "parent: experiment #" + id + " is "
                    + (e.kind() == ExperimentKind.TRAIN ? "a training that is " + e.status().label()
                    : "a " + e.kind().apiName() + " experiment") + "; only a finished FP32 training can be quantized");
        }
        return e;
    }

    private static boolean quantizable(Experiment e) {
        return e.kind() == ExperimentKind.TRAIN && e.status() == ExperimentStatus.DONE;
    }

    private static String defaultBatches() {
        return String.valueOf(PtqConfig.defaults().calibrationBatches());
    }
}
