package io.quantlab.web;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.quantlab.InvalidInputException;

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

    /** A numeric id from a form field; a 400 naming the field when it is missing or not a number. */
    public static long form(Context ctx, String name) {
        String raw = ctx.formParam(name);
        try {
            return Long.parseLong(raw == null ? "" : raw.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, name + ": an id (a whole number), got "
                    + InvalidInputException.quote(raw == null ? "" : raw));
        }
    }
}
