package io.quantlab.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.quantlab.BusyException;
import io.quantlab.ForbiddenException;
import io.quantlab.InvalidInputException;
import io.quantlab.NotFoundException;
import io.quantlab.account.TooManySignInsException;
import io.quantlab.store.StoreException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one mapping from failures to HTTP answers: JSON for the API, a small fragment for htmx,
 * a page otherwise. Messages are written for the person who sent the request; stack traces
 * only go to the server log.
 */
final class Errors {
    private static final Logger LOG = LoggerFactory.getLogger(Errors.class);

    private Errors() {
    }

    static void register(RoutesConfig routes) {
        routes.exception(Auth.SignInRequired.class, (e, ctx) -> signInRequired(ctx, e.expired));
        routes.exception(InvalidInputException.class, (e, ctx) -> answer(ctx, 400, e.getMessage(), e.field()));
        routes.exception(NotFoundException.class, (e, ctx) -> answer(ctx, 404, e.getMessage(), e.field()));
        routes.exception(ForbiddenException.class, (e, ctx) -> answer(ctx, 403, e.getMessage(), null));
        routes.exception(JsonProcessingException.class, (e, ctx) -> answer(ctx, 400,
                "malformed JSON: " + e.getOriginalMessage(), null));
        routes.exception(HttpResponseException.class, (e, ctx) -> {
            answer(ctx, e.getStatus(), message(e, ctx), null);
        });
        routes.exception(TooManySignInsException.class, (e, ctx) -> {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
            answer(ctx, 429, e.getMessage(), null);
        });
        routes.exception(BusyException.class, (e, ctx) -> {
            ctx.header("Retry-After", "5");
            answer(ctx, 503, e.getMessage(), null);
        });
        routes.exception(BodyAdmission.Refused.class, (e, ctx) -> {
            ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds));
            answer(ctx, e.status, e.getMessage(), null);
        });
        routes.exception(java.io.EOFException.class, (e, ctx) -> answer(ctx, 400,
                "the request ended before its body was complete", null));
        routes.exception(StoreException.class, (e, ctx) -> {
            LOG.error("database failure on {} {}", ctx.method(), ctx.path(), e);
            answer(ctx, 503, "the database is not answering; try again in a moment", null);
        });
        routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
            answer(ctx, 500, "something went wrong on the server; it has been logged", null);
        });
        routes.after(UnreadBody::answerBeforeDiscarding);
    }

    /** Javalin's own 404 names the route table; the user wants to know the page does not exist. */
    private static String message(HttpResponseException e, Context ctx) {
        return e.getStatus() == 404 && e.getMessage().startsWith("Endpoint ") ? "no such page: " + ctx.path()
                : e.getMessage();
    }

    static void answer(Context ctx, int status, String message, String field) {
        ctx.status(status);
        if (Auth.isApi(ctx)) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", message);
            if (field != null) {
                body.put("field", field);
            }
            JsonBody.send(ctx, status, body);
        } else if (isHtmx(ctx)) {
            Views.html(ctx, "<div class=\"alert\" role=\"alert\">" + Html.escape(message) + "</div>");
        } else {
            Views.render(ctx, "error.jte", new ErrorPage(Views.page(ctx, "Error " + status, ""), status, message));
        }
    }

    private static void signInRequired(Context ctx, boolean expired) {
        String target = "/signin" + (expired ? "?expired=1" : "");
        if (isHtmx(ctx)) {
            Views.html(ctx.status(401).header("HX-Redirect", target), "");
        } else if (ctx.method() == HandlerType.GET) {
            String next = URLEncoder.encode(ctx.path(), StandardCharsets.UTF_8);
            ctx.redirect(target + (expired ? "&" : "?") + "next=" + next);
        } else {
            ctx.redirect(target, io.javalin.http.HttpStatus.SEE_OTHER);
        }
    }

    static boolean isHtmx(Context ctx) {
        return "true".equals(ctx.header("HX-Request"));
    }
}
