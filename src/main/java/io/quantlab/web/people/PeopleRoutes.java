package io.quantlab.web.people;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.quantlab.InvalidInputException;
import io.quantlab.account.User;
import io.quantlab.classroom.People;
import io.quantlab.web.Auth;
import io.quantlab.web.Ids;
import io.quantlab.web.Views;

/**
 * The administrator's People page ({@code /admin/people}): every account, the form that creates an
 * instructor (their invitation link shown once) and each account's student/instructor switch. Anyone
 * else gets 403.
 */
public final class PeopleRoutes {
    static final String INVITE_PATH = "/invite/";
    private final People people;

    public PeopleRoutes(People people) {
        this.people = people;
    }

    public void register(RoutesConfig routes) {
        routes.get("/admin/people", ctx -> render(ctx, Shown.NOTHING));
        routes.post("/admin/people", this::createInstructor);
        routes.post("/admin/people/{id}/role", this::changeRole);
    }

    private void createInstructor(Context ctx) {
        User admin = Auth.admin(ctx);
        String email = orEmpty(ctx.formParam("email"));
        String name = orEmpty(ctx.formParam("name"));
        try {
            People.Invited invited = people.createInstructor(admin, email, name);
            render(ctx, new Shown(invited.account().email(), INVITE_PATH + invited.invitation(), null, null, null, "", ""));
        } catch (InvalidInputException e) {
            ctx.status(400);
            render(ctx, new Shown(null, null, null, e.getMessage(), e.field(), email, name));
        }
    }

    private void changeRole(Context ctx) {
        User admin = Auth.admin(ctx);
        try {
            People.RoleChange change = people.changeRole(admin, Ids.path(ctx, "id"), ctx.formParam("role"));
            String notice = change.person().email() + " is now " + (change.person().role().teaches() ? "an instructor"
                    : "a student") + (change.leftCourses().isEmpty() ? "." : " and no longer a student of "
                    + String.join(", ", change.leftCourses()) + ".");
            render(ctx, new Shown(null, null, notice, null, null, "", ""));
        } catch (InvalidInputException e) {
            ctx.status(400);
            render(ctx, new Shown(null, null, null, e.getMessage(), e.field(), "", ""));
        }
    }

    /** What the page shows besides the list after a form was sent. */
    private record Shown(String invitedEmail, String invitationPath, String notice, String error, String errorField,
            String email, String name) {
        static final Shown NOTHING = new Shown(null, null, null, null, null, "", "");
    }

    private void render(Context ctx, Shown shown) {
        Views.render(ctx, "people/people.jte", new PeopleView(Views.page(ctx, "People", "people"),
                people.list(Auth.admin(ctx)), shown.invitedEmail(), shown.invitationPath(), shown.notice(),
                shown.error(), shown.errorField(), shown.email(), shown.name()));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
