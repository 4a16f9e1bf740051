package io.quantlab.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.UploadedFile;
import io.quantlab.InvalidInputException;
import io.quantlab.data.Datasets;
import io.quantlab.datasetimport.DatasetImport;
import io.quantlab.datasetimport.DatasetImportService;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Data sets: everyone sees which are present; instructors upload zips in the official formats and
 * watch their imports, which run as jobs, on the page or through the JSON API.
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
        routes.post("/api/datasets", ctx -> JsonBody.send(ctx, 202, importJson(imports.find(queueUpload(ctx))
                .orElseThrow())));
        routes.get("/api/datasets/imports", ctx -> {
            Auth.teacher(ctx);
            JsonBody.send(ctx, 200, imports.recent().stream().map(DatasetRoutes::importJson).toList());
        });
        routes.get("/api/datasets/imports/{id}", ctx -> {
            Auth.teacher(ctx);
            JsonBody.send(ctx, 200, importJson(findImport(ctx)));
        });
        routes.delete("/api/datasets/imports/{id}", ctx -> {
            var teacher = Auth.teacher(ctx);
            DatasetImport before = findImport(ctx);
            imports.cancel(teacher, before.id());
            JsonBody.send(ctx, 202, importJson(imports.find(before.id()).orElseThrow()));
        });
    }

    private void upload(Context ctx) throws IOException {
        try {
            queueUpload(ctx);
            ctx.redirect("/datasets#dataset-imports", HttpStatus.SEE_OTHER);
        } catch (InvalidInputException e) {
            ctx.status(400);
            render(ctx, e.getMessage());
        }
    }

    /** Checks and stores the posted zip ("file") as data set "name" and queues its import; returns its id. */
    private long queueUpload(Context ctx) throws IOException {
        var teacher = Auth.teacher(ctx);
        UploadedFile file = ctx.uploadedFile("file");
        if (file == null || file.size() == 0) {
            throw new InvalidInputException("file", "file: choose a .zip with the data set in one of the formats listed");
        }
        try (InputStream zip = file.content()) {
            return imports.upload(teacher, ctx.formParam("name"), file.filename(), zip, file.size());
        }
    }

    private DatasetImport findImport(Context ctx) {
        long id = Ids.path(ctx, "id");
        return imports.find(id).orElseThrow(() -> new NotFoundResponse("no data set upload " + id));
    }

    /** An upload as the JSON API shows it. */
    private static Map<String, Object> importJson(DatasetImport i) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", i.id());
        json.put("name", i.name());
        json.put("format", i.format());
        json.put("fileName", i.fileName());
        json.put("sizeBytes", i.sizeBytes());
        json.put("status", i.status().label());
        json.put("phase", i.progress().phase());
        json.put("step", i.progress().step());
        json.put("steps", i.progress().steps());
        json.put("error", i.error());
        json.put("restarts", i.restarts());
        json.put("uploadedBy", i.ownerName());
        json.put("createdAt", i.createdAt().toString());
        return json;
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
        // students reach the (read-only) list from the Models page; instructors manage it from its own tab
        Page page = Views.page(ctx, "Data sets", Auth.user(ctx).role().teaches() ? "datasets" : "models");
        Views.render(ctx, "datasets.jte", new DatasetsView(page, datasets.status(),
                page.teaches() ? new DatasetImportsView(imports.recent()) : null,
                (int) (maxUploadBytes / (1024 * 1024)), error));
    }
}
