package io.quantlab.web;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;

public final class Ids {
    private Ids() {
    }

    /** A numeric id from the path; a 404 (not a 500) when it is not a number. */
    public static long path(Context ctx, String name) {
        String raw = ctx.pathParam(name);
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new NotFoundResponse("no such " + name + ": " + raw);
        }
    }
}
