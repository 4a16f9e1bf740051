package io.quantlab.web.exercise;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.quantlab.InvalidInputException;
import io.quantlab.NotFoundException;
import io.quantlab.account.User;
import io.quantlab.classroom.Course;
import io.quantlab.classroom.CourseService;
import io.quantlab.classroom.RosterEntry;
import io.quantlab.data.Datasets;
import io.quantlab.exercise.Exercise;
import io.quantlab.exercise.ExerciseConfig;
import io.quantlab.exercise.ExerciseService;
import io.quantlab.exercise.NumericAttempts;
import io.quantlab.exercise.StudentQuestion;
import io.quantlab.exercise.Submission;
import io.quantlab.model.ModelZoo;
import io.quantlab.web.Auth;
import io.quantlab.web.Ids;
import io.quantlab.web.Views;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The exercise pages: a course's exercises and the create form, an exercise's submissions with its
 * edit form and withdraw/restore buttons (for instructors) or the student's own page with their numbers and the attempt form, the essay
 * grading page, the grade book download and the student home's list of exercises.
 */
public final class ExerciseRoutes {
    private final ExerciseService exercises;
    private final CourseService courses;
    private final Datasets datasets;

    public ExerciseRoutes(ExerciseService exercises, CourseService courses, Datasets datasets) {
        this.exercises = exercises;
        this.courses = courses;
        this.datasets = datasets;
    }

    public void register(RoutesConfig routes) {
        routes.get("/courses/{id}/exercises", ctx -> renderList(ctx, Map.of(), null, null));
        routes.post("/courses/{id}/exercises", this::create);
        routes.get("/courses/{id}/grades.csv", ctx -> sendGrades(ctx, exercises));
        routes.get("/course/exercises", this::renderStudentHome);
        routes.get("/exercises/{id}", ctx -> renderExercise(ctx, Map.of(), null));
        routes.post("/exercises/{id}/edit", this::edit);
        routes.post("/exercises/{id}/withdraw", ctx -> {
            long id = Ids.path(ctx, "id");
            Exercise exercise = exercises.taught(Auth.teacher(ctx), id);
            boolean deleted = exercises.delete(Auth.teacher(ctx), id);
            ctx.redirect(deleted ? "/courses/" + exercise.courseId() + "/exercises" : "/exercises/" + id,
                    HttpStatus.SEE_OTHER);
        });
        routes.post("/exercises/{id}/restore", ctx -> {
            Exercise restored = exercises.restore(Auth.teacher(ctx), Ids.path(ctx, "id"));
            ctx.redirect("/exercises/" + restored.id(), HttpStatus.SEE_OTHER);
        });
        routes.post("/exercises/{id}/submissions", this::submit);
        routes.get("/submissions/{id}/grade", ctx -> renderGrading(ctx, Map.of(), null));
        routes.post("/submissions/{id}/grade", this::grade);
        routes.post("/submissions/{id}/pick", ctx -> {
            Submission s = exercises.submission(Auth.teacher(ctx), Ids.path(ctx, "id"));
            exercises.pick(Auth.teacher(ctx), s.id());
            ctx.redirect("/exercises/" + s.exerciseId(), HttpStatus.SEE_OTHER);
        });
    }

    /** The course's grade book as a CSV download (the page's link and the API's route). */
    static void sendGrades(Context ctx, ExerciseService exercises) {
        long course = Ids.path(ctx, "id");
        String csv = exercises.gradesCsv(Auth.teacher(ctx), course);
        ctx.contentType("text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"course-" + course + "-grades.csv\"")
                .result(csv);
    }

    private void create(Context ctx) {
        User teacher = Auth.teacher(ctx);
        long course = Ids.path(ctx, "id");
        Map<String, String> sent = ExerciseForm.sent(ctx);
        try {
            Exercise created = exercises.create(teacher, course, ExerciseForm.exercise(sent));
            ctx.redirect("/exercises/" + created.id(), HttpStatus.SEE_OTHER);
        } catch (InvalidInputException e) {
            ctx.status(400);
            renderList(ctx, sent, ExerciseForm.worded(e), e.field());
        }
    }

    /** The student home's exercises, each with its course's name: a student may take several courses. */
    private void renderStudentHome(Context ctx) {
        User student = Auth.user(ctx);
        Map<Long, String> courseNames = new HashMap<>();
        courses.takenBy(student).forEach(t -> courseNames.put(t.course().id(), t.course().name()));
        Views.render(ctx, "exercise/studentExercises.jte", new StudentExercisesView(exercises.forStudent(student),
                courseNames, exercises.gradesOf(student), exercises.now()));
    }

    private void renderList(Context ctx, Map<String, String> sent, String error, String errorField) {
        User teacher = Auth.teacher(ctx);
        Course course = courses.taught(teacher, Ids.path(ctx, "id"));
        Views.render(ctx, "exercise/exercises.jte", new ExercisesView(Views.page(ctx, "Exercises of " + course.name(),
                "course"), course, exercises.forCourse(teacher, course.id()), datasets.names(), ModelZoo.names(), sent,
                error, errorField));
    }

    private void edit(Context ctx) {
        User teacher = Auth.teacher(ctx);
        Exercise exercise = exercises.taught(teacher, Ids.path(ctx, "id"));
        Map<String, String> sent = ExerciseForm.sent(ctx);
        try {
            exercises.edit(teacher, exercise.id(), ExerciseForm.edit(exercise, sent));
            ctx.redirect("/exercises/" + exercise.id(), HttpStatus.SEE_OTHER);
        } catch (InvalidInputException e) {
            ctx.status(400);
            renderSubmissions(ctx, teacher, exercise, sent, ExerciseForm.worded(e), e.field());
        }
    }

    private void renderExercise(Context ctx, Map<String, String> sent, String error) {
        User user = Auth.user(ctx);
        Exercise exercise = exercises.find(user, Ids.path(ctx, "id"));
        if (exercises.teaches(user, exercise)) {
            renderSubmissions(ctx, user, exercise, Map.of(), null, null);
            return;
        }
        List<Submission> attempts = exercises.attempts(user, exercise.id());
        Map<Long, String> hiddenEvaluations = new HashMap<>();
        attempts.forEach(a -> exercises.hiddenEvaluation(exercise, a).ifPresent(s -> hiddenEvaluations.put(a.id(), s)));
        Views.render(ctx, "exercise/exercise.jte", new ExercisePageView(Views.page(ctx, exercise.title(), "course"),
                exercise, exercise.config() instanceof ExerciseConfig.Numeric
                        ? NumericAttempts.questions(exercise, user.id()) : List.of(),
                attempts, exercises.grade(user, exercise.id()).orElse(null), exercises.now(), sent, error,
                hiddenEvaluations));
    }

    private void renderSubmissions(Context ctx, User teacher, Exercise exercise, Map<String, String> sent, String error,
                                   String errorField) {
        List<Submission> all = exercises.submissions(teacher, exercise.id());
        List<SubmissionsView.StudentAttempts> students = courses.roster(teacher, exercise.courseId()).stream()
                .map((RosterEntry s) -> new SubmissionsView.StudentAttempts(s.userId(), s.name(), s.email(),
                        all.stream().filter(a -> a.studentId() == s.userId()).toList(),
                        exercises.gradeOf(teacher, exercise.id(), s.userId()).orElse(null)))
                .toList();
        Views.render(ctx, "exercise/submissions.jte", new SubmissionsView(Views.page(ctx, exercise.title(), "course"),
                exercise, students, exercises.hiddenEvaluations(teacher, exercise, all), sent, error, errorField));
    }

    private void submit(Context ctx) {
        User student = Auth.user(ctx);
        Exercise exercise = exercises.find(student, Ids.path(ctx, "id"));
        Map<String, String> sent = ExerciseForm.sent(ctx);
        List<StudentQuestion> questions = exercise.config() instanceof ExerciseConfig.Numeric
                ? NumericAttempts.questions(exercise, student.id()) : List.of();
        try {
            exercises.submit(student, exercise.id(), ExerciseForm.attempt(exercise.config(), questions, sent));
            ctx.redirect("/exercises/" + exercise.id() + "#attempts", HttpStatus.SEE_OTHER);
        } catch (InvalidInputException e) {
            ctx.status(400);
            renderExercise(ctx, sent, e.getMessage());
        } catch (NotFoundException e) {
            if (!"experiment".equals(e.field())) {
                throw e;
            }
            // Another student's experiment, or a mistyped number: said at the box, the number kept to correct.
            ctx.status(400);
            renderExercise(ctx, sent, e.getMessage());
        }
    }

    private void renderGrading(Context ctx, Map<String, String> sent, String error) {
        User teacher = Auth.teacher(ctx);
        Submission s = exercises.submission(teacher, Ids.path(ctx, "id"));
        Exercise exercise = exercises.taught(teacher, s.exerciseId());
        if (!(exercise.config() instanceof ExerciseConfig.Essay)) {
            throw new InvalidInputException(null, "only essay attempts are graded by hand");
        }
        String name = courses.roster(teacher, exercise.courseId()).stream().filter(r -> r.userId() == s.studentId())
                .map(RosterEntry::name).findFirst().orElse("a former student");
        Views.render(ctx, "exercise/gradeEssay.jte", new GradeEssayView(Views.page(ctx, "Grade: " + exercise.title(),
                "course"), exercise, s, name, sent, error));
    }

    private void grade(Context ctx) {
        User teacher = Auth.teacher(ctx);
        Submission s = exercises.submission(teacher, Ids.path(ctx, "id"));
        Exercise exercise = exercises.taught(teacher, s.exerciseId());
        Map<String, String> sent = ExerciseForm.sent(ctx);
        try {
            if (!(exercise.config() instanceof ExerciseConfig.Essay essay)) {
                throw new InvalidInputException(null, "only essay attempts are graded by hand");
            }
            exercises.gradeEssay(teacher, s.id(), ExerciseForm.grading(essay, sent));
            ctx.redirect("/exercises/" + exercise.id(), HttpStatus.SEE_OTHER);
        } catch (InvalidInputException e) {
            ctx.status(400);
            renderGrading(ctx, sent, e.getMessage());
        }
    }
}
