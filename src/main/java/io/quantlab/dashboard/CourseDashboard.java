package io.quantlab.dashboard;

import io.quantlab.NotFoundException;
import io.quantlab.account.User;
import io.quantlab.classroom.Course;
import io.quantlab.classroom.CourseService;
import io.quantlab.classroom.RosterEntry;
import io.quantlab.exercise.Exercise;
import io.quantlab.exercise.ExerciseService;
import io.quantlab.exercise.Grade;
import io.quantlab.experiment.Experiment;
import io.quantlab.experiment.ExperimentKind;
import io.quantlab.experiment.ExperimentService;
import io.quantlab.experiment.ExperimentStatus;
import io.quantlab.experiment.ExperimentStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An instructor's live view of one course during a session: who is active, the students' jobs,
 * the progress matrix, the class scatter and the baselines to publish. Only the course's owner and
 * co-instructors (and the admin) reach it; anyone else gets the 404 of a course that does not exist.
 */
public final class CourseDashboard {
    /** "Active": seen within this long. {@code users.last_active_at} is written at most once a minute. */
    public static final Duration ACTIVE_WINDOW = Duration.ofMinutes(5);
    /** Finished experiments read for the scatter at most, the newest first (far above a class's). */
    static final int MAX_EXPERIMENTS = 2000;
    /** The instructor's own trainings offered for publishing, the newest first. */
    static final int OWN_TRAININGS = 10;

    private final DashboardStore store;
    private final ExperimentStore experimentStore;
    private final ExperimentService experiments;
    private final CourseService courses;
    private final ExerciseService exercises;

    public CourseDashboard(DashboardStore store, ExperimentStore experimentStore, ExperimentService experiments,
            CourseService courses, ExerciseService exercises) {
        this.store = store;
        this.experimentStore = experimentStore;
        this.experiments = experiments;
        this.courses = courses;
        this.exercises = exercises;
    }

    /** The course, if {@code instructor} teaches it; else the 404 of a course that does not exist (also for students). */
    public Course course(User instructor, long courseId) {
        return courses.taught(instructor, courseId);
    }

    public List<ActiveStudent> active(User instructor, long courseId) {
        course(instructor, courseId);
        return store.activeSince(courseId, exercises.now().minus(ACTIVE_WINDOW));
    }

    /** The students' waiting and running experiments, by student, then oldest first. */
    public List<QueuedJob> queue(User instructor, long courseId) {
        course(instructor, courseId);
        List<Experiment> unfinished = experimentStore.unfinishedOfStudents(courseId);
        List<Long> waiting = unfinished.isEmpty() ? List.of() : experiments.waiting();
        return unfinished.stream()
                .sorted(Comparator.comparing((Experiment e) -> e.ownerName().toLowerCase()).thenComparing(Experiment::id))
                .map(e -> new QueuedJob(e, experiments.progress(e), ExperimentService.queuePosition(e, waiting)))
                .toList();
    }

    /** Every enrolled student against every exercise of the course (open or not yet). */
    public ProgressMatrix progress(User instructor, long courseId) {
        List<RosterEntry> students = courses.roster(instructor, courseId);
        List<Exercise> list = exercises.forCourse(instructor, courseId).stream().filter(e -> !e.withdrawn()).toList();
        Map<String, Grade> grades = new HashMap<>();
        exercises.courseGrades(instructor, courseId).forEach(g -> grades.put(g.exerciseId() + " " + g.studentId(), g));
        Map<String, DashboardStore.Attempts> attempts = new HashMap<>();
        store.attempts(courseId).forEach(a -> attempts.put(a.exerciseId() + " " + a.studentId(), a));
        Instant now = exercises.now();
        List<ProgressMatrix.Row> rows = new ArrayList<>();
        for (RosterEntry s : students) {
            List<ProgressCell> cells = new ArrayList<>();
            for (Exercise x : list) {
                String key = x.id() + " " + s.userId();
                cells.add(cell(x, grades.get(key), attempts.get(key), now));
            }
            rows.add(new ProgressMatrix.Row(s.userId(), s.name(), cells));
        }
        return new ProgressMatrix(list, rows);
    }

    static ProgressCell cell(Exercise x, Grade grade, DashboardStore.Attempts attempts, Instant now) {
        long count = attempts == null ? 0 : attempts.count();
        if (grade != null) {
            return new ProgressCell(ProgressCell.State.GRADED, grade.late(), count, grade.score(), grade.maxScore());
        }
        if (attempts != null) {
            return new ProgressCell(ProgressCell.State.SUBMITTED, x.schedule().isLate(attempts.latest()), count, null,
                    null);
        }
        return new ProgressCell(x.schedule().isLate(now) ? ProgressCell.State.OVERDUE : ProgressCell.State.NOT_STARTED,
                false, 0, null, null);
    }

    /** Every result of the course's finished experiments (its students' and its baselines'). */
    public List<ScatterPoint> scatter(User instructor, long courseId) {
        course(instructor, courseId);
        List<ScatterPoint> points = new ArrayList<>();
        for (Experiment e : experimentStore.finishedOfCourse(courseId, MAX_EXPERIMENTS)) {
            e.results().forEach(r -> points.add(ScatterPoint.of(e, r)));
        }
        return points;
    }

    /** The course's baselines, and the instructor's own latest finished trainings that could be one. */
    public Baselines baselines(User instructor, long courseId) {
        course(instructor, courseId);
        List<Experiment> current = experimentStore.finishedOfCourse(courseId, MAX_EXPERIMENTS).stream()
                .filter(e -> isBaselineOf(e, courseId)).toList();
        List<Experiment> own = experiments.ownedBy(instructor).stream()
                .filter(e -> e.kind() == ExperimentKind.TRAIN && e.status() == ExperimentStatus.DONE)
                .filter(e -> !isBaselineOf(e, courseId)).limit(OWN_TRAININGS).toList();
        return new Baselines(current, own);
    }

    /** What the baseline card lists: the course's baselines, and the instructor's trainings to publish. */
    public record Baselines(List<Experiment> current, List<Experiment> publishable) {
    }

    /**
     * Makes the instructor's finished training this course's baseline ({@code publish}), or withdraws
     * it; through {@link ExperimentService#markBaseline}, as on the experiment's page.
     */
    public void setBaseline(User instructor, long courseId, long experimentId, boolean publish) {
        course(instructor, courseId);
        if (!publish && !experiments.visible(instructor, experimentId).filter(e -> isBaselineOf(e, courseId)).isPresent()) {
            throw new NotFoundException("experiment", "no baseline " + experimentId + " of this course");
        }
        experiments.markBaseline(instructor, experimentId, publish ? Long.valueOf(courseId) : null, Set.of(courseId));
    }

    private static boolean isBaselineOf(Experiment e, long courseId) {
        return e.isBaseline() && e.baselineCourseId() == courseId;
    }
}
