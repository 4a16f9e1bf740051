package io.quantlab.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.quantlab.InvalidInputException;
import io.quantlab.account.User;
import io.quantlab.classroom.Course;
import io.quantlab.classroom.CourseStore;
import io.quantlab.data.Dataset;
import io.quantlab.data.DatasetStatus;
import io.quantlab.data.Datasets;
import io.quantlab.experiment.Experiment;
import io.quantlab.experiment.ExperimentKind;
import io.quantlab.experiment.ExperimentService;
import io.quantlab.jobs.JobProgress;
import io.quantlab.model.ModelZoo;
import io.quantlab.train.TrainConfig;
import io.quantlab.train.TrainProgress;
import io.quantlab.train.Trainer;
import io.quantlab.web.mixed.MixedPrecisionPages;
import io.quantlab.web.ptq.PtqPages;
import io.quantlab.web.qat.QatPages;
import io.quantlab.web.sweep.SweepPages;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.Set;
import java.util.stream.Collectors;

/** The experiments pages: list, the train form, one experiment (of any kind) with its live status. */
final class ExperimentRoutes {
    private final ExperimentService experiments;
    private final Datasets datasets;
    private final CourseStore courses;
    private final PtqPages ptqPages;
    private final QatPages qatPages;
    private final SweepPages sweepPages;
    private final MixedPrecisionPages mixedPrecisionPages;

    ExperimentRoutes(ExperimentService experiments, Datasets datasets, CourseStore courses) {
        this.experiments = experiments;
        this.datasets = datasets;
        this.courses = courses;
        this.ptqPages = new PtqPages(experiments);
        this.qatPages = new QatPages(experiments);
        this.sweepPages = new SweepPages(experiments);
        this.mixedPrecisionPages = new MixedPrecisionPages(experiments);
    }

    void register(RoutesConfig routes) {
        routes.get("/experiments", ctx -> Views.render(ctx, "experiments.jte", new ExperimentListView(
                Views.page(ctx, "Experiments", "experiments"), experiments.ownedBy(Auth.user(ctx)))));
        routes.get("/experiments/new", ctx -> renderForm(ctx, defaults(ctx), null, null));
        routes.post("/experiments", this::start);
        routes.get("/experiments/{id}", this::show);
        routes.get("/experiments/{id}/status", this::liveStatus);
        routes.post("/experiments/{id}/cancel", this::cancel);
        routes.post("/experiments/{id}/baseline", this::markBaseline);
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

    /** The page of the experiment's kind: a training's report, or a quantization beside its FP32 parent. */
    private void show(Context ctx) {
        Experiment e = visible(ctx);
        if (e.kind() == ExperimentKind.TRAIN) {
            showTraining(ctx, e);
        } else if (e.kind() == ExperimentKind.QAT) {
            qatPages.show(ctx, e, status(ctx, e));
        } else if (e.kind() == ExperimentKind.SWEEP) {
            sweepPages.show(ctx, e, status(ctx, e));
        } else if (e.kind() == ExperimentKind.MIXED_PRECISION) {
            mixedPrecisionPages.show(ctx, e, status(ctx, e));
        } else {
            ptqPages.show(ctx, e, status(ctx, e));
        }
    }

    private void showTraining(Context ctx, Experiment e) {
        User user = Auth.user(ctx);
        ExperimentStatusView status = status(ctx, e);
        List<Course> taught = user.role().teaches() && status.mayChange() ? courses.taughtBy(user) : List.of();
        String baselineOf = e.isBaseline() ? courses.byId(e.baselineCourseId()).map(Course::name).orElse(null) : null;
        Views.render(ctx, "experiment.jte", new ExperimentView(Views.page(ctx, "Experiment #" + e.id(), "experiments"),
                e, status, taught, baselineOf, report(e), experiments.access(user).mayStartFrom(e)));
    }

    /** The polled fragment; once the experiment has finished, the whole page reloads to show its report. */
    private void liveStatus(Context ctx) {
        Experiment e = visible(ctx);
        if (e.status().finished() && Errors.isHtmx(ctx)) {
            ctx.header("HX-Refresh", "true");
        }
        Views.render(ctx, "experimentStatus.jte", status(ctx, e));
    }

    private ReportView report(Experiment e) {
        Optional<Dataset> data = dataset(e);
        return experiments.report(e).map(r -> {
            int classes = r.perClassAccuracy() == null ? 0 : r.perClassAccuracy().length;
            List<String> classNames = data.filter(d -> d.classes() == classes).map(Dataset::classNames)
                    .orElseGet(() -> IntStream.range(0, classes).mapToObj(String::valueOf).toList());
            Map<String, Object> charts = new LinkedHashMap<>();
            charts.put("epochs", r.epochs());
            charts.put("perClassAccuracy", r.perClassAccuracy());
            charts.put("classNames", classNames);
            charts.put("layers", r.layers());
            ModelDiagram diagram = data.map(d -> ModelDiagram.of(Trainer.modelSpec(e.train(), d))).orElse(null);
            return new ReportView(r, classNames, PageJson.of(charts), diagram);
        }).orElse(null);
    }

    /** The experiment's data set, or empty when it is no longer there. */
    private Optional<Dataset> dataset(Experiment e) {
        try {
            return Optional.of(datasets.get(e.config().dataset()));
        } catch (InvalidInputException | java.io.UncheckedIOException gone) {
            return Optional.empty();
        }
    }

    private void markBaseline(Context ctx) {
        Experiment e = visible(ctx);
        User teacher = Auth.teacher(ctx);
        String raw = ctx.formParam("courseId");
        Long courseId;
        try {
            courseId = raw == null || raw.isBlank() ? null : Long.valueOf(raw.trim());
        } catch (NumberFormatException ex) {
            throw new InvalidInputException("courseId", "courseId: choose one of the courses you teach");
        }
        Set<Long> taught = courses.taughtBy(teacher).stream().map(Course::id).collect(Collectors.toSet());
        experiments.markBaseline(teacher, e.id(), courseId, taught);
        ctx.redirect("/experiments/" + e.id(), HttpStatus.SEE_OTHER);
    }

    private void cancel(Context ctx) {
        long id = Ids.path(ctx, "id");
        Experiment after = experiments.cancel(Auth.user(ctx), id).orElseThrow(() -> notVisible(id));
        if (Errors.isHtmx(ctx)) {
            Views.render(ctx, "experimentStatus.jte", status(ctx, after));
        } else {
            ctx.redirect("/experiments/" + id, HttpStatus.SEE_OTHER);
        }
    }

    private ExperimentStatusView status(Context ctx, Experiment e) {
        User user = Auth.user(ctx);
        List<JobProgress> history = experiments.progressHistory(e);
        List<Map<String, Object>> curve = history.stream()
                .filter(p -> p.marksEpochEnd() || TrainProgress.TRAINING.equals(p.phase()) && p.loss() != null)
                .map(p -> {
                    Map<String, Object> point = new LinkedHashMap<>();
                    point.put("phase", p.phase());
                    point.put("step", p.step());
                    point.put("loss", p.loss());
                    point.put("accuracy", p.accuracy());
                    return point;
                })
                .toList();
        JobProgress latest = experiments.progress(e);
        boolean mayChange = e.ownerId() == user.id() || experiments.access(user).mayChange(e);
        return new ExperimentStatusView(e, latest, experiments.queuePosition(e), PageJson.of(curve),
                mayChange, Auth.csrfToken(ctx));
    }

    private Experiment visible(Context ctx) {
        long id = Ids.path(ctx, "id");
        return experiments.visible(Auth.user(ctx), id).orElseThrow(() -> notVisible(id));
    }

    private static NotFoundResponse notVisible(long id) {
        return new NotFoundResponse("no experiment " + id + " that you can see");
    }

    private Map<String, String> defaults(Context ctx) {
        TrainConfig d = TrainConfig.defaults(Datasets.DEFAULT_NAME, ModelZoo.MLP);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("dataset", orDefault(ctx.queryParam("dataset"), d.dataset()));
        values.put("model", orDefault(ctx.queryParam("model"), d.model()));
        values.put("epochs", String.valueOf(d.epochs()));
        values.put("batchSize", String.valueOf(d.batchSize()));
        values.put("learningRate", String.valueOf(d.learningRate()));
        values.put("optimizer", d.optimizer());
        values.put("momentum", String.valueOf(d.momentum()));
        values.put("weightDecay", String.valueOf(d.weightDecay()));
        values.put("trainSubset", ""); // the whole training set, whatever the data set's size
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
        Map<String, Integer> sizes = datasets.status().stream()
                .collect(Collectors.toMap(DatasetStatus::name, DatasetStatus::trainSamples, (a, b) -> a));
        List<TrainFormView.DatasetChoice> choices = datasets.names().stream()
                .map(name -> new TrainFormView.DatasetChoice(name, sizes.getOrDefault(name, 0))).toList();
        Views.render(ctx, "train.jte", new TrainFormView(Views.page(ctx, "Train a model", "experiments"), values,
                choices, ModelZoo.names(), error, errorField));
    }

    private static String orDefault(String v, String fallback) {
        return v == null || v.isBlank() ? fallback : v;
    }
}
