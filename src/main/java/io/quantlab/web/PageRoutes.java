package io.quantlab.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.quantlab.InvalidInputException;
import io.quantlab.account.User;
import io.quantlab.classroom.Course;
import io.quantlab.classroom.CourseStore;
import io.quantlab.experiment.ExperimentService;
import io.quantlab.leaderboard.Leaderboard;
import java.util.List;

/** The navigation's simple pages: Labs, Leaderboard, Course; and the icon browsers ask for at /favicon.ico. */
final class PageRoutes {
    private static final byte[] FAVICON = favicon();
    private final CourseStore courses;
    private final ExperimentService experiments;
    private final Leaderboard leaderboard;

    PageRoutes(CourseStore courses, ExperimentService experiments, Leaderboard leaderboard) {
        this.courses = courses;
        this.experiments = experiments;
        this.leaderboard = leaderboard;
    }

    void register(RoutesConfig routes) {
        routes.get("/", ctx -> ctx.redirect("/labs"));
        routes.get("/favicon.ico", ctx -> ctx.contentType("image/x-icon").header("Cache-Control", "max-age=86400")
                .result(FAVICON));
        routes.get("/labs", ctx -> Views.render(ctx, "labs.jte", new SimplePage(Views.page(ctx, "Labs", "labs"))));
        routes.get("/leaderboard", this::renderLeaderboard);
        routes.get("/course", ctx -> renderCourse(ctx, null));
        routes.post("/course", this::createCourse);
    }

    private static byte[] favicon() {
        try (var in = PageRoutes.class.getResourceAsStream("/public/favicon.ico")) {
            return in.readAllBytes();
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("favicon.ico is missing from the build (web/static)", e);
        }
    }

    /** The whole page, or to htmx (a filter changed) only the board. */
    private void renderLeaderboard(Context ctx) {
        LeaderboardView view = new LeaderboardView(Views.page(ctx, "Leaderboard", "leaderboard"),
                leaderboard.board(Auth.user(ctx), ctx.queryParam("dataset"), ctx.queryParam("model")));
        Views.render(ctx, Errors.isHtmx(ctx) ? "leaderboardBoard.jte" : "leaderboard.jte", view);
    }

    private void createCourse(Context ctx) {
        try {
            courses.create(Auth.teacher(ctx), ctx.formParam("name"));
            ctx.redirect("/course", HttpStatus.SEE_OTHER);
        } catch (InvalidInputException e) {
            ctx.status(400);
            renderCourse(ctx, e.getMessage());
        }
    }

    private void renderCourse(Context ctx, String error) {
        User user = Auth.user(ctx);
        List<Course> list = user.role().teaches() ? courses.taughtBy(user) : courses.enrolled(user);
        Views.render(ctx, "course.jte", new CourseView(Views.page(ctx, "Course", "course"), list,
                experiments.baselines(user), error));
    }
}
