package io.quantlab.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.quantlab.discretize.BitView;
import io.quantlab.discretize.DiscretizeLab;
import io.quantlab.discretize.DiscretizeSettings;
import io.quantlab.discretize.NumberFormat;
import io.quantlab.discretize.SettingsFields;

/**
 * Lab 1, discretization: the page, the two parts htmx swaps as controls change (each pushes the
 * setup into the address bar), and the JSON API.
 */
final class DiscretizeRoutes {
    private final DiscretizeLab lab;

    DiscretizeRoutes(DiscretizeLab lab) {
        this.lab = lab;
    }

    void register(RoutesConfig routes) {
        routes.get("/labs/discretize", this::page);
        routes.post("/labs/discretize/results", this::results);
        routes.post("/labs/discretize/bits", this::bitView);
        routes.get("/api/discretize", ctx -> JsonBody.send(ctx, 200,
                lab.compare(DiscretizeJson.fromQuery(ctx.queryParamMap()))));
        routes.post("/api/discretize", ctx -> JsonBody.send(ctx, 200,
                lab.compare(DiscretizeJson.fromJson(BodyAdmission.largeBody(ctx)))));
    }

    private void page(Context ctx) {
        DiscretizeForm form = DiscretizeForm.read(ctx::queryParam);
        DiscretizeView view = new DiscretizeView(Views.page(ctx, "Lab 1 · Discretization", "labs"), form,
                Outcome.of(() -> resultsOf(SettingsFields.parse(form.values()::get, null), form, false)),
                Outcome.of(() -> BitView.of(form.value("number"))),
                NumberFormat.table());
        ctx.status(view.failed() ? 400 : 200);
        Views.render(ctx, "discretize.jte", view);
    }

    private void results(Context ctx) throws java.io.IOException {
        DiscretizeFormPost posted = DiscretizeFormPost.read(ctx, true);
        DiscretizeForm form = posted.form();
        DiscretizeResultsView view = resultsOf(posted.settings(), form, true);
        // The width actually drawn: a width no longer compared falls back to the default.
        ctx.header("HX-Push-Url", form.with("plot", String.valueOf(view.run().plotBits())).link());
        Views.render(ctx, "discretizeResults.jte", view);
    }

    private void bitView(Context ctx) throws java.io.IOException {
        DiscretizeForm form = DiscretizeFormPost.read(ctx, false).form();
        BitView view = BitView.of(form.value("number"));
        ctx.header("HX-Push-Url", form.link());
        Views.render(ctx, "discretizeBits.jte", view);
    }

    private DiscretizeResultsView resultsOf(DiscretizeSettings settings, DiscretizeForm form, boolean swapped) {
        return DiscretizeResultsView.of(lab.explore(settings, form.plotBits()), swapped);
    }
}
