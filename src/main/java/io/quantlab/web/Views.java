package io.quantlab.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;

/** Renders precompiled jte templates; each template takes one view-model record. */
public final class Views {
    private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(ContentType.Html);

    private Views() {
    }

    public static void render(Context ctx, String template, Object model) {
        StringOutput out = new StringOutput();
        ENGINE.render(template, model, out);
        html(ctx, out.toString());
    }

    /** An HTML answer that says its encoding, so no browser has to guess it. */
    static void html(Context ctx, String html) {
        ctx.contentType("text/html; charset=utf-8").result(html);
    }

    /** The layout's data for this request. */
    public static Page page(Context ctx, String title, String active) {
        return new Page(title, Auth.currentUser(ctx).orElse(null), Auth.csrfToken(ctx), active);
    }
}
