package io.quantlab.web.classroom;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.UploadedFile;
import io.quantlab.InvalidInputException;
import io.quantlab.account.User;
import io.quantlab.classroom.Course;
import io.quantlab.classroom.CourseService;
import io.quantlab.classroom.People;
import io.quantlab.classroom.RosterImport;
import io.quantlab.classroom.TakenCourse;
import io.quantlab.experiment.Experiment;
import io.quantlab.experiment.ExperimentService;
import io.quantlab.web.Auth;
import io.quantlab.web.Ids;
import io.quantlab.web.Views;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Course pages: the list (an instructor's courses, or a student's home with the form to join
 * another course), one course's page for its instructors (rename, join code, roster, co-instructors,
 * roster import and export, removing a student after a confirmation, removing a co-instructor) and "view
 * as a student".
 */
public final class CourseRoutes {
    private final CourseService courses;
    private final RosterImport roster;
    private final ExperimentService experiments;

    public CourseRoutes(CourseService courses, RosterImport roster, ExperimentService experiments) {
        this.courses = courses;
        this.roster = roster;
        this.experiments = experiments;
    }

    public void register(RoutesConfig routes) {
        routes.get("/course", ctx -> renderList(ctx, null));
        // Every course's own page is /courses/{id}: the list answers under the plural too.
        routes.get("/courses", ctx -> ctx.redirect("/course", HttpStatus.SEE_OTHER));
        routes.post("/course", ctx -> onList(ctx,
                () -> "/courses/" + courses.create(Auth.teacher(ctx), ctx.formParam("name")).id()));
        routes.post("/course/join", ctx -> onList(ctx, () -> {
            courses.join(Auth.user(ctx), ctx.formParam("joinCode"));
            return "/course";
        }));
        routes.get("/courses/{id}", ctx -> renderCourse(ctx, List.of(), null, null));
        routes.post("/courses/{id}/name", ctx -> change(ctx, "name",
                () -> courses.rename(Auth.teacher(ctx), id(ctx), ctx.formParam("name"))));
        routes.post("/courses/{id}/join-code/rotate", ctx -> change(ctx, "joinCode",
                () -> courses.rotateJoinCode(Auth.teacher(ctx), id(ctx))));
        routes.post("/courses/{id}/join-code/enabled", ctx -> change(ctx, "joinCode",
                () -> courses.setJoinCodeEnabled(Auth.teacher(ctx), id(ctx), enabled(ctx))));
        routes.post("/courses/{id}/instructors", ctx -> change(ctx, "email",
                () -> courses.addCoInstructor(Auth.teacher(ctx), id(ctx), ctx.formParam("email"))));
        routes.post("/courses/{id}/instructors/{user}/remove", ctx -> change(ctx, "instructor",
                () -> courses.removeCoInstructor(Auth.teacher(ctx), id(ctx), Ids.path(ctx, "user"))));
        routes.get("/courses/{id}/students/{student}/remove", ctx -> Views.render(ctx, "classroom/removeStudent.jte",
                new RemoveStudentView(Views.page(ctx, "Remove a student", "course"),
                        courses.taught(Auth.teacher(ctx), id(ctx)),
                        courses.student(Auth.teacher(ctx), id(ctx), Ids.path(ctx, "student")))));
        routes.post("/courses/{id}/students/{student}/remove", ctx -> {
            courses.removeStudent(Auth.teacher(ctx), id(ctx), Ids.path(ctx, "student"));
            ctx.redirect("/courses/" + id(ctx) + "#roster", HttpStatus.SEE_OTHER);
        });
        routes.post("/courses/{id}/students/{student}/invitation", this::newInvitation);
        routes.post("/courses/{id}/roster", this::importRoster);
        routes.get("/courses/{id}/roster.csv", ctx -> RosterCsv.send(ctx, roster.exportCsv(Auth.teacher(ctx), id(ctx)),
                courses.taught(Auth.teacher(ctx), id(ctx))));
        routes.get("/courses/{id}/as-student", ctx -> {
            TakenCourse seen = courses.asStudentSees(Auth.teacher(ctx), id(ctx));
            Views.render(ctx, "classroom/asStudent.jte", new StudentPreviewView(
                    Views.page(ctx, seen.course().name() + " as a student", "course"), card(ctx, seen)));
        });
    }

    private static long id(Context ctx) {
        return Ids.path(ctx, "id");
    }

    private static boolean enabled(Context ctx) {
        String value = ctx.formParam("enabled");
        if (!"true".equals(value) && !"false".equals(value)) {
            throw new InvalidInputException("joinCode", "enabled: true or false");
        }
        return Boolean.parseBoolean(value);
    }

    /** A form on the course page: back to it when done, the page with the error (400) otherwise. */
    private void change(Context ctx, String form, Runnable action) {
        try {
            action.run();
            ctx.redirect("/courses/" + id(ctx), HttpStatus.SEE_OTHER);
        } catch (InvalidInputException e) {
            ctx.status(400);
            renderCourse(ctx, List.of(), e.getMessage(), form);
        }
    }

    /** A form on the list page: {@code action} returns where to go when done; a 400 shows the list with the error. */
    private void onList(Context ctx, Supplier<String> action) {
        try {
            ctx.redirect(action.get(), HttpStatus.SEE_OTHER);
        } catch (InvalidInputException e) {
            ctx.status(400);
            renderList(ctx, e.getMessage());
        }
    }

    /** A CSV file from the course page's form; the rows (with their one-time invitation links) shown once. */
    private void importRoster(Context ctx) throws IOException {
        User teacher = Auth.teacher(ctx);
        courses.taught(teacher, id(ctx));
        UploadedFile file = ctx.uploadedFile("csv");
        if (file == null) {
            throw new InvalidInputException("csv", "csv: choose a CSV file (email,name per line)");
        }
        if (file.size() > RosterImport.MAX_BYTES) {
            throw new HttpResponseException(413, "csv: at most " + RosterImport.MAX_BYTES / 1024 + " KB");
        }
        byte[] content;
        try (InputStream in = file.content()) {
            content = in.readNBytes(RosterImport.MAX_BYTES + 1);
        }
        try {
            renderCourse(ctx, roster.importCsv(teacher, id(ctx), content), null, null);
        } catch (InvalidInputException e) {
            ctx.status(400);
            renderCourse(ctx, List.of(), e.getMessage(), "csv");
        }
    }

    /** A new invitation link for a roster student who never used theirs, shown this once above the roster. */
    private void newInvitation(Context ctx) {
        try {
            renderCourse(ctx, List.of(), roster.reinvite(Auth.teacher(ctx), id(ctx), Ids.path(ctx, "student")), null,
                    null);
        } catch (InvalidInputException e) {
            ctx.status(400);
            renderCourse(ctx, List.of(), e.getMessage(), "student");
        }
    }

    private void renderCourse(Context ctx, List<RosterImport.Row> imported, String error, String errorField) {
        renderCourse(ctx, imported, null, error, errorField);
    }

    private void renderCourse(Context ctx, List<RosterImport.Row> imported, People.Invited reissued, String error,
            String errorField) {
        User teacher = Auth.teacher(ctx);
        long id = id(ctx);
        Course course = courses.taught(teacher, id);
        Views.render(ctx, "classroom/course.jte", new CoursePageView(Views.page(ctx, course.name(), "course"), course,
                courses.instructors(teacher, id), courses.roster(teacher, id), imported, reissued, error, errorField));
    }

    private void renderList(Context ctx, String error) {
        User user = Auth.user(ctx);
        boolean teaches = user.role().teaches();
        List<StudentCourseView> taken = teaches ? List.of()
                : courses.takenBy(user).stream().map(t -> card(ctx, t)).toList();
        Views.render(ctx, "course.jte", new CourseListView(Views.page(ctx, "Course", "course"),
                teaches ? courses.listFor(user) : List.of(), taken, experiments.baselines(user), error));
    }

    private StudentCourseView card(Context ctx, TakenCourse taken) {
        User viewer = Auth.user(ctx);
        List<Experiment> baselines = courses.baselineIds(taken).stream()
                .map(id -> experiments.visible(viewer, id)).flatMap(Optional::stream).toList();
        return new StudentCourseView(taken, baselines);
    }
}
