package io.quantlab.web.people;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.quantlab.InvalidInputException;
import io.quantlab.classroom.People;
import io.quantlab.web.Auth;
import io.quantlab.web.Ids;
import io.quantlab.web.Views;
import java.util.function.Supplier;

/**
 * The administrator's People page ({@code /admin/people}): every account, the form that creates an
 * instructor (their invitation link shown once), a new link for an account whose link was never used,
 * and each account's student/instructor switch. Anyone else gets 403.
 */
public final class PeopleRoutes {
    static final String INVITE_PATH = "/invite/";
    private final People people;

    public PeopleRoutes(People people) {
        this.people = people;
    }

    public void register(RoutesConfig routes) {
        routes.get("/admin/people", ctx -> render(ctx, Shown.NOTHING));
        routes.post("/admin/people", ctx -> {
            String email = orEmpty(ctx.formParam("email"));
            String name = orEmpty(ctx.formParam("name"));
            onForm(ctx, email, name, () -> link(people.createInstructor(Auth.admin(ctx), email, name)));
        });
        routes.post("/admin/people/{id}/invitation", ctx -> onForm(ctx, "", "",
                () -> link(people.reinvite(Auth.admin(ctx), Ids.path(ctx, "id")))));
        routes.post("/admin/people/{id}/role", ctx -> onForm(ctx, "", "", () -> {
            People.RoleChange change = people.changeRole(Auth.admin(ctx), Ids.path(ctx, "id"), ctx.formParam("role"));
            String notice = change.person().email() + " is now " + (change.person().role().teaches() ? "an instructor"
                    : "a student") + (change.leftCourses().isEmpty() ? "." : " and no longer a student of "
                    + String.join(", ", change.leftCourses()) + ".");
            return new Shown(null, null, notice, null, null, "", "");
        }));
    }

    /** A form's answer: the page with what {@code action} shows, or with the 400's message and the typed values. */
    private void onForm(Context ctx, String email, String name, Supplier<Shown> action) {
        Auth.admin(ctx);
        Shown shown;
        try {
            shown = action.get();
        } catch (InvalidInputException e) {
            ctx.status(400);
            shown = new Shown(null, null, null, e.getMessage(), e.field(), email, name);
        }
        render(ctx, shown);
    }

    private static Shown link(People.Invited invited) {
        return new Shown(invited.account().email(), INVITE_PATH + invited.invitation(), null, null, null, "", "");
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
