package io.quantlab.web.exercise;

import com.fasterxml.jackson.core.type.TypeReference;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.quantlab.Json;
import io.quantlab.account.User;
import io.quantlab.exercise.Exercise;
import io.quantlab.exercise.ExerciseService;
import io.quantlab.exercise.Submission;
import io.quantlab.web.Auth;
import io.quantlab.web.Ids;
import io.quantlab.web.JsonBody;
import java.util.Map;

/**
 * The exercises' JSON API (issue 14). Creating, editing (PATCH with the creation's fields),
 * deleting or withdrawing (DELETE), restoring and grading are for the course's instructors (a
 * student gets 403, an instructor of another course 404); a student reaches an exercise of their
 * course once it opened and while it is not withdrawn, and only their own attempts and grade.
 */
public final class ExerciseApiRoutes {
    private final ExerciseService exercises;

    public ExerciseApiRoutes(ExerciseService exercises) {
        this.exercises = exercises;
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/courses/{id}/exercises", ctx -> JsonBody.send(ctx, 201, Map.of("id",
                exercises.create(Auth.teacher(ctx), Ids.path(ctx, "id"), fields(ctx)).id())));
        routes.get("/api/courses/{id}/exercises", ctx -> JsonBody.send(ctx, 200,
                exercises.forCourse(Auth.user(ctx), Ids.path(ctx, "id")).stream().map(ExerciseJson::summary).toList()));
        routes.get("/api/courses/{id}/grades.csv", ctx -> ExerciseRoutes.sendGrades(ctx, exercises));
        routes.get("/api/exercises/{id}", this::exercise);
        routes.patch("/api/exercises/{id}", ctx -> JsonBody.send(ctx, 200,
                ExerciseJson.forInstructor(exercises.edit(Auth.teacher(ctx), Ids.path(ctx, "id"), fields(ctx)))));
        routes.delete("/api/exercises/{id}", ctx -> {
            long id = Ids.path(ctx, "id");
            boolean deleted = exercises.delete(Auth.teacher(ctx), id);
            JsonBody.send(ctx, 200, deleted ? Map.of("id", id, "deleted", true)
                    : ExerciseJson.forInstructor(exercises.taught(Auth.user(ctx), id)));
        });
        routes.post("/api/exercises/{id}/restore", ctx -> JsonBody.send(ctx, 200,
                ExerciseJson.forInstructor(exercises.restore(Auth.teacher(ctx), Ids.path(ctx, "id")))));
        routes.post("/api/exercises/{id}/submissions", this::submit);
        routes.get("/api/exercises/{id}/submissions", this::submissions);
        routes.get("/api/submissions/{id}", this::submission);
        routes.post("/api/submissions/{id}/grade", ctx -> {
            Submission graded = exercises.gradeEssay(Auth.teacher(ctx), Ids.path(ctx, "id"), fields(ctx));
            JsonBody.send(ctx, 200, submission(exercises.taught(Auth.user(ctx), graded.exerciseId()), graded, true));
        });
        routes.post("/api/submissions/{id}/pick", ctx -> JsonBody.send(ctx, 200,
                ExerciseJson.grade(exercises.pick(Auth.teacher(ctx), Ids.path(ctx, "id")))));
    }

    private void exercise(Context ctx) {
        User user = Auth.user(ctx);
        Exercise exercise = exercises.find(user, Ids.path(ctx, "id"));
        if (exercises.teaches(user, exercise)) {
            JsonBody.send(ctx, 200, ExerciseJson.forInstructor(exercise));
            return;
        }
        JsonBody.send(ctx, 200, ExerciseJson.forStudent(exercise, user.id(), exercises.attempts(user, exercise.id()),
                exercises.grade(user, exercise.id()).orElse(null), exercises.now(),
                a -> exercises.hiddenEvaluation(exercise, a)));
    }

    private void submit(Context ctx) throws Exception {
        User student = Auth.user(ctx);
        Submission submission = exercises.submit(student, Ids.path(ctx, "id"), fields(ctx));
        Exercise exercise = exercises.find(student, submission.exerciseId());
        JsonBody.send(ctx, 201, submission(exercise, submission, exercise.feedbackShown(exercises.now())));
    }

    private void submissions(Context ctx) {
        User user = Auth.user(ctx);
        Exercise exercise = exercises.find(user, Ids.path(ctx, "id"));
        boolean teaches = exercises.teaches(user, exercise);
        var list = teaches ? exercises.submissions(user, exercise.id()) : exercises.attempts(user, exercise.id());
        boolean shown = teaches || exercise.feedbackShown(exercises.now());
        JsonBody.send(ctx, 200, list.stream().map(s -> submission(exercise, s, shown)).toList());
    }

    private void submission(Context ctx) {
        User user = Auth.user(ctx);
        Submission s = exercises.submission(user, Ids.path(ctx, "id"));
        Exercise exercise = exercises.find(user, s.exerciseId());
        boolean shown = exercises.teaches(user, exercise) || exercise.feedbackShown(exercises.now());
        JsonBody.send(ctx, 200, submission(exercise, s, shown));
    }

    private Map<String, Object> submission(Exercise exercise, Submission s, boolean scoreShown) {
        return ExerciseJson.submission(exercise, s, scoreShown, exercises.hiddenEvaluation(exercise, s));
    }

    private static Map<String, Object> fields(Context ctx) throws Exception {
        return Json.MAPPER.convertValue(JsonBody.object(ctx), new TypeReference<Map<String, Object>>() { });
    }
}
