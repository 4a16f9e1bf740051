package io.quantlab.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.quantlab.InvalidInputException;
import io.quantlab.data.Datasets;
import io.quantlab.store.AuditLog;
import java.io.IOException;
import java.io.InputStream;

/** Data sets: everyone sees which are present; instructors upload zips in the official formats. */
final class DatasetRoutes {
    private final Datasets datasets;
    private final AuditLog audit;
    private final long maxUploadBytes;

    DatasetRoutes(Datasets datasets, AuditLog audit, long maxUploadBytes) {
        this.datasets = datasets;
        this.audit = audit;
        this.maxUploadBytes = maxUploadBytes;
    }

    void register(RoutesConfig routes) {
        routes.get("/datasets", ctx -> render(ctx, null, null));
        routes.post("/datasets", this::upload);
    }

    private void upload(Context ctx) throws IOException {
        var teacher = Auth.teacher(ctx);
        String name = ctx.formParam("name");
        UploadedFile file = ctx.uploadedFile("file");
        try {
            if (file == null || file.size() == 0) {
                throw new InvalidInputException("file", "file: choose a .zip with the data set in one of the formats listed");
            }
            try (InputStream zip = file.content()) {
                datasets.importZip(name, zip, maxUploadBytes);
            }
            audit.record(teacher.id(), "dataset-uploaded", name + " (" + file.size() + " bytes)");
            render(ctx, "Data set '" + name + "' is ready to train on.", null);
        } catch (InvalidInputException e) {
            ctx.status(400);
            render(ctx, null, e.getMessage());
        }
    }

    private void render(Context ctx, String message, String error) {
        Views.render(ctx, "datasets.jte", new DatasetsView(Views.page(ctx, "Data sets", "models"), datasets.status(),
                (int) (maxUploadBytes / (1024 * 1024)), message, error));
    }
}
