package io.quantlab.web.classroom;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.quantlab.InvalidInputException;
import io.quantlab.JsonFields;
import io.quantlab.classroom.Course;
import io.quantlab.classroom.CourseInstructor;
import io.quantlab.classroom.CourseService;
import io.quantlab.classroom.RosterEntry;
import io.quantlab.classroom.RosterImport;
import io.quantlab.web.Auth;
import io.quantlab.web.Ids;
import io.quantlab.web.JsonBody;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The courses' JSON API: courses, their roster and their co-instructors. A course that is not the
 * caller's own answers 404 like one that does not exist; students get 403 on all but the list.
 */
public final class CourseApiRoutes {
    private final CourseService courses;
    private final RosterImport roster;

    public CourseApiRoutes(CourseService courses, RosterImport roster) {
        this.courses = courses;
        this.roster = roster;
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/courses", this::create);
        routes.get("/api/courses", ctx -> JsonBody.send(ctx, 200, courses.listFor(Auth.user(ctx)).stream()
                .map(c -> course(c, Auth.user(ctx).role().teaches())).toList()));
        routes.get("/api/courses/{id}/roster", this::roster);
        routes.get("/api/courses/{id}/roster.csv", ctx -> RosterCsv.send(ctx,
                roster.exportCsv(Auth.teacher(ctx), Ids.path(ctx, "id")), courses.taught(Auth.user(ctx),
                        Ids.path(ctx, "id"))));
        routes.post("/api/courses/{id}/roster.csv", this::importRoster);
        routes.get("/api/courses/{id}/instructors", ctx -> JsonBody.send(ctx, 200, instructors(ctx)));
        routes.post("/api/courses/{id}/instructors", ctx -> JsonBody.send(ctx, 201, instructor(courses.addCoInstructor(
                Auth.teacher(ctx), Ids.path(ctx, "id"), JsonBody.text(JsonBody.object(ctx), "email")))));
        routes.delete("/api/courses/{id}/instructors/{userId}", ctx -> {
            courses.removeCoInstructor(Auth.teacher(ctx), Ids.path(ctx, "id"), Ids.path(ctx, "userId"));
            JsonBody.send(ctx, 200, instructors(ctx));
        });
    }

    /** The course's instructors, its owner first. */
    private Map<String, Object> instructors(Context ctx) {
        return Map.of("instructors", courses.instructors(Auth.teacher(ctx), Ids.path(ctx, "id")).stream()
                .map(CourseApiRoutes::instructor).toList());
    }

    private void create(Context ctx) throws Exception {
        var teacher = Auth.teacher(ctx);
        JsonNode body = JsonBody.object(ctx);
        JsonNode name = body.get("name");
        if (name == null || !name.isTextual()) {
            throw new InvalidInputException("name", "name: the course's name, 1–200 characters");
        }
        JsonBody.send(ctx, 201, course(courses.create(teacher, name.asText()), true));
    }

    private void roster(Context ctx) {
        var teacher = Auth.teacher(ctx);
        long id = Ids.path(ctx, "id");
        Map<String, Object> answer = course(courses.taught(teacher, id), true);
        answer.putAll(instructors(ctx));
        answer.put("students", courses.roster(teacher, id).stream().map(CourseApiRoutes::student).toList());
        JsonBody.send(ctx, 200, answer);
    }

    /** The body is the CSV itself (Content-Type text/csv); the rows with their one-time invitation links. */
    private void importRoster(Context ctx) {
        var teacher = Auth.teacher(ctx);
        long id = Ids.path(ctx, "id");
        courses.taught(teacher, id);
        if (ctx.contentLength() > RosterImport.MAX_BYTES) {
            throw new HttpResponseException(413, "csv: at most " + RosterImport.MAX_BYTES / 1024 + " KB");
        }
        List<RosterImport.Row> rows = roster.importCsv(teacher, id, ctx.bodyAsBytes());
        JsonBody.send(ctx, 200, Map.of("rows", rows.stream().map(CourseApiRoutes::row).toList()));
    }

    private static Map<String, Object> course(Course c, boolean teaches) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", c.id());
        out.put("name", c.name());
        if (teaches) {
            out.put("joinCode", c.joinCode());
            out.put("joinCodeEnabled", c.joinCodeEnabled());
            out.put("students", c.students());
        }
        return out;
    }

    private static Map<String, Object> instructor(CourseInstructor i) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", i.userId());
        out.put("name", i.name());
        out.put("email", i.email());
        out.put("role", JsonFields.apiName(i.role()));
        out.put("addedAt", text(i.addedAt()));
        return out;
    }

    private static Map<String, Object> student(RosterEntry s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", s.userId());
        out.put("name", s.name());
        out.put("email", s.email());
        out.put("joinedAt", text(s.joinedAt()));
        out.put("lastActiveAt", text(s.lastActiveAt()));
        out.put("experiments", s.experiments());
        out.put("invitationPending", s.invitationPending());
        return out;
    }

    private static Map<String, Object> row(RosterImport.Row r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("row", r.line());
        out.put("email", r.email());
        out.put("name", r.name());
        out.put("outcome", JsonFields.apiName(r.outcome()));
        out.put("invitation", r.invitation() == null ? null : "/invite/" + r.invitation());
        return out;
    }

    private static String text(Instant when) {
        return when == null ? null : when.toString();
    }
}
