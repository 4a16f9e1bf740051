package io.quantlab.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.quantlab.InvalidInputException;
import io.quantlab.account.ApiTokenStore;
import io.quantlab.account.User;

/** The profile page: personal API tokens for scripts. */
final class ProfileRoutes {
    private final ApiTokenStore tokens;

    ProfileRoutes(ApiTokenStore tokens) {
        this.tokens = tokens;
    }

    void register(RoutesConfig routes) {
        routes.get("/profile", ctx -> render(ctx, null, null));
        routes.post("/profile/tokens", this::create);
        routes.post("/profile/tokens/{id}/revoke", ctx -> {
            tokens.revoke(Auth.user(ctx), Ids.path(ctx, "id"));
            ctx.redirect("/profile", HttpStatus.SEE_OTHER);
        });
    }

    private void create(Context ctx) {
        try {
            render(ctx, tokens.create(Auth.user(ctx), ctx.formParam("label"), ctx.formParam("expiresInDays")).secret(),
                    null);
        } catch (InvalidInputException e) {
            ctx.status(400);
            render(ctx, null, e.getMessage());
        }
    }

    /** To htmx only the tokens section: the address stays /profile, so a reload neither posts again nor shows the token. */
    private void render(Context ctx, String newToken, String error) {
        User user = Auth.user(ctx);
        ProfileView view = new ProfileView(Views.page(ctx, "Profile", "profile"), tokens.list(user), newToken, error);
        if (Errors.isHtmx(ctx)) {
            Views.render(ctx, "profileTokens.jte", view);
        } else {
            Views.render(ctx, "profile.jte", view);
        }
    }
}
