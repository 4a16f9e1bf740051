package io.quantlab.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.quantlab.InvalidInputException;
import io.quantlab.account.User;
import io.quantlab.data.Datasets;
import io.quantlab.experiment.Experiment;
import io.quantlab.experiment.ExperimentService;
import io.quantlab.jobs.JobProgress;
import io.quantlab.model.ModelZoo;
import io.quantlab.train.TrainConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The experiments pages: list, the train form, one experiment with its live status. */
final class ExperimentRoutes {
    private final ExperimentService experiments;
    private final Datasets datasets;

    ExperimentRoutes(ExperimentService experiments, Datasets datasets) {
        this.experiments = experiments;
        this.datasets = datasets;
    }

    void register(RoutesConfig routes) {
        routes.get("/experiments", ctx -> Views.render(ctx, "experiments.jte", new ExperimentListView(
                Views.page(ctx, "Experiments", "experiments"), experiments.ownedBy(Auth.user(ctx)))));
        routes.get("/experiments/new", ctx -> renderForm(ctx, defaults(ctx), null, null));
        routes.post("/experiments", this::start);
        routes.get("/experiments/{id}", this::show);
        routes.get("/experiments/{id}/status", ctx -> Views.render(ctx, "experimentStatus.jte", status(ctx, visible(ctx))));
        routes.post("/experiments/{id}/cancel", this::cancel);
    }

    private void start(Context ctx) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : TrainRequest.FIELDS) {
            String v = ctx.formParam(field);
            if (v != null) {
                values.put(field, v);
            }
        }
        try {
            long id = experiments.startTraining(Auth.user(ctx), TrainRequest.from(values::get));
            ctx.redirect("/experiments/" + id, HttpStatus.SEE_OTHER);
        } catch (InvalidInputException e) {
            ctx.status(400);
            renderForm(ctx, values, e.getMessage(), e.field());
        }
    }

    private void show(Context ctx) {
        Experiment e = visible(ctx);
        Views.render(ctx, "experiment.jte", new ExperimentView(Views.page(ctx, "Experiment #" + e.id(), "experiments"),
                e, status(ctx, e)));
    }

    private void cancel(Context ctx) {
        Experiment e = visible(ctx);
        experiments.cancel(Auth.user(ctx), e.id());
        if (Errors.isHtmx(ctx)) {
            Views.render(ctx, "experimentStatus.jte", status(ctx, visible(ctx)));
        } else {
            ctx.redirect("/experiments/" + e.id(), HttpStatus.SEE_OTHER);
        }
    }

    private ExperimentStatusView status(Context ctx, Experiment e) {
        User user = Auth.user(ctx);
        List<JobProgress> history = experiments.progressHistory(e);
        List<Map<String, Object>> curve = history.stream()
                .filter(p -> "training".equals(p.phase()) && p.loss() != null)
                .map(p -> {
                    Map<String, Object> point = new LinkedHashMap<>();
                    point.put("step", p.step());
                    point.put("loss", p.loss());
                    point.put("accuracy", p.accuracy());
                    return point;
                })
                .toList();
        JobProgress latest = history.isEmpty() ? JobProgress.WAITING : history.get(history.size() - 1);
        boolean canCancel = !e.status().finished() && !e.cancelRequested()
                && (e.ownerId() == user.id() || user.role().teaches());
        return new ExperimentStatusView(e, latest, experiments.queuePosition(e), io.quantlab.Json.write(curve),
                canCancel, Auth.csrfToken(ctx));
    }

    private Experiment visible(Context ctx) {
        long id = Ids.path(ctx, "id");
        return experiments.visible(Auth.user(ctx), id)
                .orElseThrow(() -> new NotFoundResponse("no experiment " + id + " that you can see"));
    }

    private Map<String, String> defaults(Context ctx) {
        TrainConfig d = TrainConfig.defaults("fashion-mnist", "mlp");
        Map<String, String> values = new LinkedHashMap<>();
        values.put("dataset", orDefault(ctx.queryParam("dataset"), d.dataset()));
        values.put("model", orDefault(ctx.queryParam("model"), d.model()));
        values.put("epochs", String.valueOf(d.epochs()));
        values.put("batchSize", String.valueOf(d.batchSize()));
        values.put("learningRate", String.valueOf(d.learningRate()));
        values.put("optimizer", d.optimizer());
        values.put("momentum", String.valueOf(d.momentum()));
        values.put("weightDecay", String.valueOf(d.weightDecay()));
        values.put("trainSubset", String.valueOf(d.trainSubset()));
        values.put("seed", String.valueOf(d.seed()));
        values.put("schedule", d.schedule());
        values.put("stepEpochs", String.valueOf(d.stepEpochs()));
        values.put("stepGamma", String.valueOf(d.stepGamma()));
        values.put("earlyStoppingPatience", String.valueOf(d.earlyStoppingPatience()));
        values.put("validationSplit", String.valueOf(d.validationSplit()));
        values.put("augment", String.valueOf(d.augment()));
        values.put("modelOptions", "");
        values.put("earlyExitThreshold", String.valueOf(d.earlyExitThreshold()));
        return values;
    }

    private void renderForm(Context ctx, Map<String, String> values, String error, String errorField) {
        Views.render(ctx, "train.jte", new TrainFormView(Views.page(ctx, "Train a model", "experiments"), values,
                datasets.names(), ModelZoo.names(), error, errorField));
    }

    private static String orDefault(String v, String fallback) {
        return v == null || v.isBlank() ? fallback : v;
    }
}
