package io.quantlab.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.UploadedFile;
import io.quantlab.InvalidInputException;
import io.quantlab.data.Datasets;
import io.quantlab.datasetimport.DatasetImportService;
import java.io.IOException;
import java.io.InputStream;

/**
 * Data sets: everyone sees which are present; instructors upload zips in the official formats and
 * watch their imports, which run as jobs.
 */
final class DatasetRoutes {
    private final Datasets datasets;
    private final DatasetImportService imports;
    private final long maxUploadBytes;

    DatasetRoutes(Datasets datasets, DatasetImportService imports, long maxUploadBytes) {
        this.datasets = datasets;
        this.imports = imports;
        this.maxUploadBytes = maxUploadBytes;
    }

    void register(RoutesConfig routes) {
        routes.get("/datasets", ctx -> render(ctx, null));
        routes.get("/datasets/imports", this::liveImports);
        routes.post("/datasets/imports/{id}/cancel", this::cancelImport);
        routes.post("/datasets", this::upload);
    }

    private void upload(Context ctx) throws IOException {
        var teacher = Auth.teacher(ctx);
        UploadedFile file = ctx.uploadedFile("file");
        try {
            if (file == null || file.size() == 0) {
                throw new InvalidInputException("file", "file: choose a .zip with the data set in one of the formats listed");
            }
            try (InputStream zip = file.content()) {
                imports.upload(teacher, ctx.formParam("name"), file.filename(), zip, file.size());
            }
            ctx.redirect("/datasets#dataset-imports", HttpStatus.SEE_OTHER);
        } catch (InvalidInputException e) {
            ctx.status(400);
            render(ctx, e.getMessage());
        }
    }

    /** Cancels an unfinished import; answers with the list (htmx) or the page's list. */
    private void cancelImport(Context ctx) {
        var teacher = Auth.teacher(ctx);
        long id = Ids.path(ctx, "id");
        imports.cancel(teacher, id);
        if (Errors.isHtmx(ctx)) {
            liveImports(ctx);
        } else {
            ctx.redirect("/datasets#dataset-imports", HttpStatus.SEE_OTHER);
        }
    }

    /** The polled fragment; once no import is under way, the whole page reloads to list the new data sets. */
    private void liveImports(Context ctx) {
        Auth.teacher(ctx);
        DatasetImportsView view = new DatasetImportsView(imports.recent());
        if (!view.polling() && Errors.isHtmx(ctx)) {
            ctx.header("HX-Refresh", "true");
        }
        Views.render(ctx, "datasetImports.jte", view);
    }

    private void render(Context ctx, String error) {
        Page page = Views.page(ctx, "Data sets", "models");
        Views.render(ctx, "datasets.jte", new DatasetsView(page, datasets.status(),
                page.teaches() ? new DatasetImportsView(imports.recent()) : null,
                (int) (maxUploadBytes / (1024 * 1024)), error));
    }
}
