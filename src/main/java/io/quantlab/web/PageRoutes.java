package io.quantlab.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.quantlab.leaderboard.Leaderboard;

/** The navigation's simple pages: Labs, Leaderboard; and the icon browsers ask for at /favicon.ico. */
final class PageRoutes {
    private static final byte[] FAVICON = favicon();
    private final Leaderboard leaderboard;

    PageRoutes(Leaderboard leaderboard) {
        this.leaderboard = leaderboard;
    }

    void register(RoutesConfig routes) {
        routes.get("/", ctx -> ctx.redirect("/labs"));
        routes.get("/favicon.ico", ctx -> ctx.contentType("image/x-icon").header("Cache-Control", "max-age=86400")
                .result(FAVICON));
        routes.get("/labs", ctx -> Views.render(ctx, "labs.jte", new SimplePage(Views.page(ctx, "Labs", "labs"))));
        routes.get("/leaderboard", this::renderLeaderboard);
    }

    private static byte[] favicon() {
        try (var in = PageRoutes.class.getResourceAsStream("/public/favicon.ico")) {
            return in.readAllBytes();
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("favicon.ico is missing from the build (web/static)", e);
        }
    }

    /** The optional {@code course} filter: blank for all the viewer's courses. */
    private static Long course(Context ctx) {
        String course = ctx.queryParam("course");
        if (course == null || course.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(course.trim());
        } catch (NumberFormatException e) {
            throw new io.quantlab.InvalidInputException("course", "course: a course id (a whole number), got "
                    + io.quantlab.InvalidInputException.quote(course));
        }
    }

    /** The whole page, or to htmx (a filter changed) only the board. */
    private void renderLeaderboard(Context ctx) {
        LeaderboardView view = new LeaderboardView(Views.page(ctx, "Leaderboard", "leaderboard"),
                leaderboard.board(Auth.user(ctx), ctx.queryParam("dataset"), ctx.queryParam("model"), course(ctx)));
        Views.render(ctx, Errors.isHtmx(ctx) ? "leaderboardBoard.jte" : "leaderboard.jte", view);
    }
}
