package io.quantlab.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.quantlab.InvalidInputException;
import io.quantlab.account.User;
import io.quantlab.classroom.Course;
import io.quantlab.classroom.CourseStore;
import io.javalin.http.UploadedFile;
import io.quantlab.data.Datasets;
import io.quantlab.experiment.ExperimentService;
import io.quantlab.imported.ImportService;
import io.quantlab.model.ModelShapes;
import io.quantlab.model.ModelSpec;
import io.quantlab.model.ModelZoo;
import java.util.List;

/** The navigation's other pages: Labs, Models, Leaderboard, Course. */
final class PageRoutes {
    private final CourseStore courses;
    private final ExperimentService experiments;
    private final ImportService imports;
    private final Datasets datasets;

    PageRoutes(CourseStore courses, ExperimentService experiments, ImportService imports, Datasets datasets) {
        this.courses = courses;
        this.experiments = experiments;
        this.imports = imports;
        this.datasets = datasets;
    }

    void register(RoutesConfig routes) {
        routes.get("/", ctx -> ctx.redirect("/labs"));
        routes.get("/labs", ctx -> Views.render(ctx, "labs.jte", new SimplePage(Views.page(ctx, "Labs", "labs"))));
        routes.get("/models", ctx -> renderModels(ctx, null));
        routes.get("/models/imported", ctx -> Views.render(ctx, "importedModels.jte", importedView(ctx, null)));
        routes.post("/models/import", this::importModel);
        routes.get("/leaderboard", ctx -> Views.render(ctx, "leaderboard.jte", new LeaderboardView(
                Views.page(ctx, "Leaderboard", "leaderboard"), experiments.leaderboard())));
        routes.get("/course", ctx -> renderCourse(ctx, null));
        routes.post("/course", this::createCourse);
    }

    private void renderModels(Context ctx, String importError) {
        Views.render(ctx, "models.jte", new ModelsView(Views.page(ctx, "Models", "models"),
                ModelZoo.names().stream().map(PageRoutes::modelEntry).toList(), importedView(ctx, importError)));
    }

    private ImportedView importedView(Context ctx, String error) {
        return new ImportedView(imports.all(), datasets.names(), Auth.user(ctx).role().teaches(), Auth.csrfToken(ctx),
                error);
    }

    private void importModel(Context ctx) {
        User teacher = Auth.teacher(ctx);
        UploadedFile file = ctx.uploadedFile("file");
        try {
            if (file == null || file.size() == 0) {
                throw new InvalidInputException("file", "file: choose a TorchScript .pt file");
            }
            byte[] content;
            try (var in = file.content()) {
                content = in.readAllBytes();
            }
            imports.importModel(teacher, ctx.formParam("name"), ctx.formParam("dataset"), file.filename(), content);
            ctx.redirect("/models#imported", HttpStatus.SEE_OTHER);
        } catch (InvalidInputException e) {
            ctx.status(400);
            renderModels(ctx, e.getMessage());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void createCourse(Context ctx) {
        try {
            courses.create(Auth.teacher(ctx), ctx.formParam("name"));
            ctx.redirect("/course", HttpStatus.SEE_OTHER);
        } catch (InvalidInputException e) {
            ctx.status(400);
            renderCourse(ctx, e.getMessage());
        }
    }

    private void renderCourse(Context ctx, String error) {
        User user = Auth.user(ctx);
        List<Course> list = user.role().teaches() ? courses.taughtBy(user) : courses.enrolled(user);
        Views.render(ctx, "course.jte", new CourseView(Views.page(ctx, "Course", "course"), list,
                experiments.baselines(user), error));
    }

    /** Drawn for Fashion-MNIST's shape: 1×28×28 inputs, 10 classes. */
    private static ModelsView.Entry modelEntry(String name) {
        ModelSpec spec = ModelZoo.build(name, 1, 28, 28, 10);
        try {
            return new ModelsView.Entry(ModelZoo.describe(name), ModelShapes.parameterCount(spec), ModelShapes.macs(spec),
                    ModelDiagram.of(spec),
                    io.quantlab.Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(spec));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
