package io.quantlab.web;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.quantlab.experiment.ExperimentService;

/** A file an experiment left ({@code model.onnx}, {@code fp32.onnx}, {@code quantization.json}), sent as an attachment. */
public final class ExperimentDownload {
    private ExperimentDownload() {
    }

    /** Sends file {@code file} of the experiment in the path's {@code id}, or a 404 when the user cannot see it or it has none. */
    public static void send(Context ctx, ExperimentService experiments, String file) {
        long id = Ids.path(ctx, "id");
        byte[] content = experiments.download(Auth.user(ctx), id, file)
                .orElseThrow(() -> new NotFoundResponse("experiment " + id + " has no " + file + " that you can see"));
        ctx.contentType(file.endsWith(".json") ? "application/json" : "application/octet-stream")
                .header("Content-Disposition", "attachment; filename=\"experiment-" + id + "-" + file + "\"")
                .result(content);
    }
}
