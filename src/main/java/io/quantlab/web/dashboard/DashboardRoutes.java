package io.quantlab.web.dashboard;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.quantlab.InvalidInputException;
import io.quantlab.account.User;
import io.quantlab.classroom.Course;
import io.quantlab.dashboard.CourseDashboard;
import io.quantlab.web.Auth;
import io.quantlab.web.Ids;
import io.quantlab.web.Views;

/**
 * A course's live dashboard for its instructors: the page, and each part alone as the fragment
 * htmx polls every few seconds; publishing or withdrawing a baseline from it.
 */
public final class DashboardRoutes {
    private final CourseDashboard dashboard;

    public DashboardRoutes(CourseDashboard dashboard) {
        this.dashboard = dashboard;
    }

    public void register(RoutesConfig routes) {
        routes.get("/courses/{id}/dashboard", this::page);
        routes.get("/courses/{id}/dashboard/active", ctx -> Views.render(ctx, "dashboard/active.jte", active(ctx)));
        routes.get("/courses/{id}/dashboard/queue", ctx -> Views.render(ctx, "dashboard/queue.jte", queue(ctx)));
        routes.get("/courses/{id}/dashboard/progress", ctx -> Views.render(ctx, "dashboard/progress.jte", progress(ctx)));
        routes.get("/courses/{id}/dashboard/scatter", ctx -> Views.render(ctx, "dashboard/scatter.jte", scatter(ctx)));
        routes.get("/courses/{id}/dashboard/baselines", ctx -> Views.render(ctx, "dashboard/baselines.jte",
                baselines(ctx)));
        routes.post("/courses/{id}/dashboard/baselines", this::setBaseline);
    }

    private void page(Context ctx) {
        Course course = dashboard.course(Auth.user(ctx), id(ctx));
        Views.render(ctx, "dashboard/page.jte", new DashboardView(Views.page(ctx, course.name() + ": dashboard", "course"),
                course, active(ctx), queue(ctx), progress(ctx), scatter(ctx), baselines(ctx)));
    }

    private ActiveView active(Context ctx) {
        User user = Auth.user(ctx);
        long id = id(ctx);
        Course course = dashboard.course(user, id);
        return new ActiveView(id, course.students(), dashboard.active(user, id), java.time.Instant.now());
    }

    private QueueView queue(Context ctx) {
        return new QueueView(id(ctx), dashboard.queue(Auth.user(ctx), id(ctx)));
    }

    private ProgressView progress(Context ctx) {
        return new ProgressView(id(ctx), dashboard.progress(Auth.user(ctx), id(ctx)));
    }

    private ScatterView scatter(Context ctx) {
        return new ScatterView(id(ctx), dashboard.scatter(Auth.user(ctx), id(ctx)));
    }

    private BaselinesView baselines(Context ctx) {
        User user = Auth.user(ctx);
        return new BaselinesView(id(ctx), dashboard.baselines(user, id(ctx)), Auth.csrfToken(ctx), user.id());
    }

    /** {@code experiment} (an id) and {@code action} publish | withdraw; htmx gets the card back, a plain form the page. */
    private void setBaseline(Context ctx) {
        String action = ctx.formParam("action");
        if (!"publish".equals(action) && !"withdraw".equals(action)) {
            throw new InvalidInputException("action", "action: publish or withdraw");
        }
        long experiment = Ids.form(ctx, "experiment");
        dashboard.setBaseline(Auth.user(ctx), id(ctx), experiment, "publish".equals(action));
        if ("true".equals(ctx.header("HX-Request"))) {
            Views.render(ctx, "dashboard/baselines.jte", baselines(ctx));
        } else {
            ctx.redirect("/courses/" + id(ctx) + "/dashboard#dashboard-baselines", HttpStatus.SEE_OTHER);
        }
    }

    private static long id(Context ctx) {
        return Ids.path(ctx, "id");
    }
}
