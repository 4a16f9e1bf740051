package io.quantlab.web.people;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.quantlab.InvalidInputException;
import io.quantlab.JsonFields;
import io.quantlab.classroom.People;
import io.quantlab.classroom.Person;
import io.quantlab.web.Auth;
import io.quantlab.web.Ids;
import io.quantlab.web.JsonBody;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The People page's JSON twin, for administrators only (403 for anyone else). */
public final class PeopleApiRoutes {
    private final People people;

    public PeopleApiRoutes(People people) {
        this.people = people;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/users", ctx -> JsonBody.send(ctx, 200, people.list(Auth.admin(ctx)).stream()
                .map(PeopleApiRoutes::person).toList()));
        routes.post("/api/users", this::createInstructor);
        routes.patch("/api/users/{id}", this::changeRole);
        routes.post("/api/users/{id}/invitation", ctx -> invitation(ctx, people.reinvite(Auth.admin(ctx),
                Ids.path(ctx, "id"))));
    }

    private void createInstructor(Context ctx) throws Exception {
        var admin = Auth.admin(ctx);
        JsonNode body = JsonBody.object(ctx);
        String role = JsonBody.text(body, "role");
        if (!"instructor".equals(role)) {
            throw new InvalidInputException("role", "role: \"instructor\" (students join with a course's join code "
                    + "or a roster import; administrators are made only on the first start)");
        }
        invitation(ctx, people.createInstructor(admin, JsonBody.text(body, "email"), JsonBody.text(body, "name")));
    }

    private static void invitation(Context ctx, People.Invited invited) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", invited.account().id());
        answer.put("invitationUrl", PeopleRoutes.INVITE_PATH + invited.invitation());
        JsonBody.send(ctx, 201, answer);
    }

    private void changeRole(Context ctx) throws Exception {
        var admin = Auth.admin(ctx);
        long id = Ids.path(ctx, "id");
        People.RoleChange change = people.changeRole(admin, id, JsonBody.text(JsonBody.object(ctx), "role"));
        Map<String, Object> answer = person(change.person());
        answer.put("leftCourses", change.leftCourses());
        JsonBody.send(ctx, 200, answer);
    }

    private static Map<String, Object> person(Person p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", p.id());
        out.put("email", p.email());
        out.put("name", p.name());
        out.put("role", JsonFields.apiName(p.role()));
        out.put("createdAt", text(p.createdAt()));
        out.put("lastActiveAt", text(p.lastActiveAt()));
        out.put("invitationPending", p.invitationPending());
        out.put("teaches", p.teaches());
        return out;
    }

    private static String text(Instant when) {
        return when == null ? null : when.toString();
    }
}
