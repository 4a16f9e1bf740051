package io.quantlab.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.UploadedFile;
import io.quantlab.InvalidInputException;
import io.quantlab.account.User;
import io.quantlab.data.Datasets;
import io.quantlab.imported.ImportService;
import io.quantlab.model.ModelShapes;
import io.quantlab.model.ModelSpec;
import io.quantlab.model.ModelZoo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The Models page: the zoo drawn, and the TorchScript networks instructors import. */
final class ModelRoutes {
    private final ImportService imports;
    private final Datasets datasets;
    /** The zoo does not change while the server runs: its entries are drawn once. */
    private final List<ModelsView.Entry> zoo;

    ModelRoutes(ImportService imports, Datasets datasets) {
        this.imports = imports;
        this.datasets = datasets;
        this.zoo = ModelZoo.names().stream().map(ModelRoutes::modelEntry).toList();
    }

    void register(RoutesConfig routes) {
        routes.get("/models", ctx -> renderModels(ctx, null));
        routes.get("/models/imported", ctx -> Views.render(ctx, "importedModels.jte", importedView(ctx, null)));
        routes.post("/models/import", this::importModel);
    }

    private void renderModels(Context ctx, String importError) {
        Views.render(ctx, "models.jte", new ModelsView(Views.page(ctx, "Models", "models"),
                zoo, importedView(ctx, importError)));
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
            try (InputStream in = file.content()) {
                content = in.readAllBytes();
            }
            imports.importModel(teacher, ctx.formParam("name"), ctx.formParam("dataset"), file.filename(), content);
            ctx.redirect("/models#imported", HttpStatus.SEE_OTHER);
        } catch (InvalidInputException e) {
            ctx.status(400);
            renderModels(ctx, e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
