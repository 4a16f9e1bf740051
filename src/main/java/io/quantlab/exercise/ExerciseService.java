package io.quantlab.exercise;

import io.quantlab.InvalidInputException;
import io.quantlab.JsonFields;
import io.quantlab.NotFoundException;
import io.quantlab.account.Role;
import io.quantlab.account.User;
import io.quantlab.classroom.CourseService;
import io.quantlab.jobs.JobQueue;
import io.quantlab.store.AuditLog;
import io.quantlab.store.Database;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Exercises, attempts and grades with their permission checks. An instructor reaches the exercises
 * of the courses they teach; a student those of their courses once open, and only their own
 * attempts and grades. Anything else answers 404 like an id that does not exist. Every attempt is
 * kept; every change of a grade is in the audit log with who made it. An instructor may edit an
 * exercise (grades are then re-computed), delete one nobody attempted, or withdraw one with
 * attempts (kept with them, hidden from students) and restore it. A target exercise's ranking
 * bonus goes into the grades at its deadline by a queued task ({@link #DEADLINE_TASK}).
 */
public final class ExerciseService {
    /** The queue's task that runs {@link Regrading#atDeadline} at a target exercise's dueAt. */
    public static final String DEADLINE_TASK = "exercise-deadline";

    private final Database db;
    private final ExerciseStore exercises;
    private final SubmissionStore submissions;
    private final GradeStore grades;
    private final CourseService courses;
    private final TargetGrading target;
    private final Regrading regrading;
    private final JobQueue queue;
    private final InstantSource clock;

    public ExerciseService(Database db, CourseService courses, TargetGrading target, Regrading regrading, JobQueue queue,
                           InstantSource clock) {
        this.db = db;
        this.exercises = new ExerciseStore(db);
        this.submissions = new SubmissionStore(db);
        this.grades = new GradeStore(db);
        this.courses = courses;
        this.target = target;
        this.regrading = regrading;
        this.queue = queue;
        this.clock = clock;
    }

    /** @throws NotFoundException unless {@code instructor} teaches the course; InvalidInputException for a bad field */
    public Exercise create(User instructor, long courseId, Map<String, ?> fields) {
        courses.taught(instructor, courseId);
        ExerciseRequest request = ExerciseRequest.of(fields);
        long id = db.transaction(tx -> {
            long created = ExerciseStore.insert(tx, courseId, request, instructor.id());
            AuditLog.record(tx, instructor.id(), "exercise-created", "course " + courseId + ": exercise " + created
                    + " (" + JsonFields.apiName(request.config().kind()) + ") " + request.title());
            return created;
        });
        Exercise created = exercises.byId(id).orElseThrow();
        scheduleDeadline(created);
        return created;
    }

    /**
     * Changes the fields given (see {@link ExerciseEdit}), then re-computes every grade from the
     * stored attempts (see {@link Regrading}); each changed grade is audited with the instructor.
     *
     * @throws NotFoundException     unless {@code instructor} teaches the course
     * @throws InvalidInputException naming a bad field or one that may no longer change; nothing is stored
     */
    public Exercise edit(User instructor, long exerciseId, Map<String, ?> patch) {
        taught(instructor, exerciseId);
        Exercise edited = db.transaction(tx -> {
            Exercise current = ExerciseStore.byId(tx, exerciseId).orElseThrow();
            ExerciseEdit edit = ExerciseEdit.of(current, patch, ExerciseStore.seenOrAttempted(tx, exerciseId));
            if (edit.changed().isEmpty()) {
                return current;
            }
            ExerciseStore.update(tx, exerciseId, edit.request());
            AuditLog.record(tx, instructor.id(), "exercise-edited", "exercise " + exerciseId + ": " + edit.changedText());
            Exercise updated = ExerciseStore.byId(tx, exerciseId).orElseThrow();
            regrading.run(tx, updated, instructor.id(), Regrading.RECOMPUTED);
            return updated;
        });
        scheduleDeadline(edited);
        return edited;
    }

    /**
     * Deletes an exercise nobody attempted; one with attempts is withdrawn instead: kept with
     * every attempt and grade, gone from its students' lists and closed to attempts, until an
     * instructor restores it.
     *
     * @return true when it was deleted, false when it was (or already is) withdrawn
     */
    public boolean delete(User instructor, long exerciseId) {
        taught(instructor, exerciseId);
        boolean deleted = db.transaction(tx -> {
            Exercise current = ExerciseStore.byId(tx, exerciseId).orElseThrow();
            if (ExerciseStore.deleteUnlessAttempted(tx, exerciseId)) {
                AuditLog.record(tx, instructor.id(), "exercise-deleted", "course " + current.courseId() + ": exercise "
                        + exerciseId + " " + current.title());
                return true;
            }
            if (!current.withdrawn()) {
                ExerciseStore.withdraw(tx, exerciseId, clock.instant());
                AuditLog.record(tx, instructor.id(), "exercise-withdrawn", "course " + current.courseId() + ": exercise "
                        + exerciseId + " " + current.title() + " (its attempts and grades are kept)");
            }
            return false;
        });
        if (deleted) {
            queue.cancel(DEADLINE_TASK, exerciseId);
        }
        return deleted;
    }

    /** Offers a withdrawn exercise again, with its grades re-computed (a ranking bonus due meanwhile included). */
    public Exercise restore(User instructor, long exerciseId) {
        taught(instructor, exerciseId);
        Exercise restored = db.transaction(tx -> {
            Exercise current = ExerciseStore.byId(tx, exerciseId).orElseThrow();
            if (!current.withdrawn()) {
                return current;
            }
            ExerciseStore.withdraw(tx, exerciseId, null);
            AuditLog.record(tx, instructor.id(), "exercise-restored", "course " + current.courseId() + ": exercise "
                    + exerciseId + " " + current.title());
            Exercise offered = ExerciseStore.byId(tx, exerciseId).orElseThrow();
            regrading.run(tx, offered, instructor.id(), Regrading.RECOMPUTED);
            return offered;
        });
        scheduleDeadline(restored);
        return restored;
    }

    /**
     * Re-computes the exercise's grades now, at an instructor's request (the ranking bonus after
     * the deadline without waiting for its task); each changed grade is audited as {@code action}.
     */
    public int regrade(User instructor, long exerciseId, String action) {
        return regrading.run(taught(instructor, exerciseId), instructor.id(), action);
    }

    /**
     * Queues the deadline task of every target exercise still to come, at start: exercises made
     * before the task existed get one; the others keep theirs (at the same time).
     */
    public void queueDeadlines() {
        exercises.targetsDueAfter(clock.instant()).forEach(this::scheduleDeadline);
    }

    /** A target exercise's ranking bonus is applied at its dueAt, wherever that moved. */
    private void scheduleDeadline(Exercise exercise) {
        if (exercise.kind() == ExerciseKind.TARGET) {
            queue.at(DEADLINE_TASK, exercise.id(), exercise.schedule().dueAt());
        }
    }

    /**
     * The exercise for an instructor of its course, or a student of it once it opened and while it
     * is not withdrawn; else 404. A student's first look is noted: their numbers are out from then.
     */
    public Exercise find(User user, long exerciseId) {
        Optional<Exercise> found = exercises.byId(exerciseId);
        if (found.isPresent() && teaches(user, found.get())) {
            return found.get();
        }
        if (found.isPresent() && sees(user, found.get())) {
            exercises.seen(exerciseId, clock.instant());
            return found.get();
        }
        throw new NotFoundException(null, "no exercise " + exerciseId);
    }

    /** The exercise if {@code instructor} teaches its course; else 404. */
    public Exercise taught(User instructor, long exerciseId) {
        return exercises.byId(exerciseId).filter(e -> teaches(instructor, e))
                .orElseThrow(() -> new NotFoundException(null, "no exercise " + exerciseId + " that you teach"));
    }

    /** Whether {@code user} may grade and see every attempt of it. */
    public boolean teaches(User user, Exercise exercise) {
        if (!user.role().teaches()) {
            return false;
        }
        try {
            courses.taught(user, exercise.courseId());
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private boolean sees(User student, Exercise exercise) {
        if (student.role() != Role.STUDENT || exercise.withdrawn() || !exercise.schedule().isOpen(clock.instant())) {
            return false;
        }
        try {
            courses.taken(student, exercise.courseId());
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** A course's exercises: all for its instructors (withdrawn ones too), the open ones for its students. */
    public List<Exercise> forCourse(User user, long courseId) {
        if (user.role().teaches()) {
            courses.taught(user, courseId);
            return exercises.forCourse(courseId);
        }
        courses.taken(user, courseId);
        Instant now = clock.instant();
        return exercises.forCourse(courseId).stream().filter(e -> !e.withdrawn() && e.schedule().isOpen(now)).toList();
    }

    /** The open exercises of all the student's courses, by deadline. */
    public List<Exercise> forStudent(User student) {
        Instant now = clock.instant();
        return exercises.forStudent(student.id()).stream().filter(e -> !e.withdrawn() && e.schedule().isOpen(now)).toList();
    }

    public Instant now() {
        return clock.instant();
    }

    /**
     * Hands in an attempt: {"answers":{...}}, {"experiment":42} or {"text":"..."} by the kind.
     * Numeric and target attempts are graded at once (the grade follows the newest unless an
     * instructor picked one; a target's hidden-split evaluation is queued as a job); essays wait
     * for an instructor.
     *
     * @throws NotFoundException     unless the exercise is open to this student
     * @throws InvalidInputException after the lock, past the attempt limit, or for a bad field; nothing stored
     */
    public Submission submit(User student, long exerciseId, Map<String, ?> payload) {
        Exercise exercise = find(student, exerciseId);
        if (student.role() != Role.STUDENT) {
            throw new InvalidInputException(null, "instructors do not hand in attempts; view the course as a student"
                    + " to see the exercise as they do");
        }
        Instant at = clock.instant();
        if (exercise.schedule().isLocked(at)) {
            throw new InvalidInputException(null, "this exercise locked at " + exercise.schedule().locksAt()
                    + "; no more attempts are taken");
        }
        Map<String, Object> kept = Attempts.payload(exercise.kind(), payload);
        Scored scored = switch (exercise.kind()) {
            case NUMERIC -> NumericAttempts.grade(exercise, student.id(), kept.get("answers"));
            case TARGET -> target.grade(exercise, student, ((Number) kept.get("experiment")).longValue());
            case ESSAY -> null;
        };
        long id = db.transaction(tx -> {
            // a student's attempts one at a time: fired together, each counted the others as not there
            // yet (past the limit) and each inserted the first grade (a unique-key failure, a 503)
            SubmissionStore.lockStudent(tx, exercise.courseId(), student.id());
            Instant stored = clock.instant(); // under the lock: the attempts' times follow the order they counted in
            boolean late = exercise.schedule().isLate(stored);
            if (exercise.config() instanceof ExerciseConfig.Numeric n && n.maxAttempts() > 0
                    && SubmissionStore.count(tx, exerciseId, student.id()) >= n.maxAttempts()) {
                throw new InvalidInputException(null, "you have used all " + n.maxAttempts() + " attempts at this exercise");
            }
            long created = SubmissionStore.insert(tx, exerciseId, student.id(), stored, kept, late, scored);
            AuditLog.record(tx, student.id(), "submission-created", "exercise " + exerciseId + ": submission "
                    + created + (late ? " (late)" : ""));
            boolean picked = GradeStore.of(tx, exerciseId, student.id()).map(Grade::picked).orElse(false);
            if (scored != null && !picked) {
                double counted = scored.score() * exercise.schedule().penaltyFactor(stored);
                GradeStore.put(tx, exerciseId, student.id(), created, counted, scored.maxScore(), null, null, false, stored);
                AuditLog.record(tx, student.id(), "grade-computed", "exercise " + exerciseId + ": student "
                        + student.id() + " " + counted + "/" + scored.maxScore() + " from submission " + created);
            }
            return created;
        });
        if (exercise.kind() == ExerciseKind.TARGET && Regrading.hasBonusNow(exercise, at)) {
            regrading.run(exercise, null, Regrading.RANKING_BONUS); // a late attempt moves the private board's ranks
        }
        return submissions.byId(id).orElseThrow();
    }

    /**
     * Where a target attempt's hidden-split evaluation stands ("queued", "running", "done", "failed";
     * never its accuracy); empty for other kinds.
     */
    public Optional<String> hiddenEvaluation(Exercise exercise, Submission s) {
        return hiddenEvaluationState(exercise, s).map(HiddenEvaluationState::status);
    }

    private Optional<HiddenEvaluationState> hiddenEvaluationState(Exercise exercise, Submission s) {
        return exercise.kind() == ExerciseKind.TARGET && s.payload().get("experiment") instanceof Number n
                ? target.hiddenEvaluationState(exercise, s.studentId(), n.longValue()) : Optional.empty();
    }

    /**
     * Where each target attempt's hidden-split evaluation stands, with a failure's reason and the
     * hidden accuracy, by submission id: for the exercise's instructors (else 404); empty for other kinds.
     */
    public Map<Long, HiddenEvaluationState> hiddenEvaluations(User instructor, Exercise exercise,
                                                              List<Submission> attempts) {
        taught(instructor, exercise.id());
        Map<Long, HiddenEvaluationState> states = new HashMap<>();
        attempts.forEach(s -> hiddenEvaluationState(exercise, s).ifPresent(state -> states.put(s.id(), state)));
        return states;
    }

    /** The student's own attempts, oldest first. */
    public List<Submission> attempts(User student, long exerciseId) {
        find(student, exerciseId);
        return submissions.of(exerciseId, student.id());
    }

    /** Every attempt at the exercise, for its instructors. */
    public List<Submission> submissions(User instructor, long exerciseId) {
        taught(instructor, exerciseId);
        return submissions.forExercise(exerciseId);
    }

    /** An attempt for its student or an instructor of its course; anyone else gets 404. */
    public Submission submission(User user, long submissionId) {
        Optional<Submission> found = submissions.byId(submissionId);
        if (found.isPresent()) {
            Exercise exercise = exercises.byId(found.get().exerciseId()).orElseThrow();
            if (teaches(user, exercise) || found.get().studentId() == user.id() && sees(user, exercise)) {
                return found.get();
            }
        }
        throw new NotFoundException(null, "no submission " + submissionId);
    }

    /** The student's grade for the exercise, if any. */
    public Optional<Grade> grade(User student, long exerciseId) {
        find(student, exerciseId);
        return grades.of(exerciseId, student.id());
    }

    /** The grade a student has for an exercise, for its instructors. */
    public Optional<Grade> gradeOf(User instructor, long exerciseId, long studentId) {
        taught(instructor, exerciseId);
        return grades.of(exerciseId, studentId);
    }

    /** A student's grades in every course, by exercise id. */
    public Map<Long, Grade> gradesOf(User student) {
        Map<Long, Grade> out = new LinkedHashMap<>();
        grades.forStudent(student.id()).forEach(g -> out.put(g.exerciseId(), g));
        return out;
    }

    /** Every grade of a course's exercises, for its instructors. */
    public List<Grade> courseGrades(User instructor, long courseId) {
        courses.taught(instructor, courseId);
        return grades.forCourse(courseId);
    }

    /**
     * The course's grade book as CSV (see {@link GradeBook}), for its instructors. Withdrawn
     * exercises are left out; their grades are kept and come back when an exercise is restored.
     */
    public String gradesCsv(User instructor, long courseId) {
        var students = courses.roster(instructor, courseId);
        return GradeBook.csv(exercises.forCourse(courseId).stream().filter(e -> !e.withdrawn()).toList(), students,
                grades.forCourse(courseId));
    }

    /**
     * Grades an essay attempt with points per rubric criterion and a comment; that attempt then counts.
     *
     * @param fields {"points":[2,1.5,...] (one per criterion, in the rubric's order), "comment":"..."}
     */
    public Submission gradeEssay(User instructor, long submissionId, Map<String, ?> fields) {
        Submission submission = submission(instructor, submissionId);
        Exercise exercise = taught(instructor, submission.exerciseId());
        if (!(exercise.config() instanceof ExerciseConfig.Essay essay)) {
            throw new InvalidInputException(null, "only essay attempts are graded by hand; this exercise is "
                    + JsonFields.apiName(exercise.kind()));
        }
        Scored scored = Attempts.rubricScore(essay, fields);
        Instant at = clock.instant();
        db.transaction(tx -> {
            SubmissionStore.grade(tx, submissionId, scored, instructor.id(), at);
            count(tx, instructor, exercise, submission, scored, (String) scored.feedback().get("comment"), at);
            return null;
        });
        return submissions.byId(submissionId).orElseThrow();
    }

    /** Makes a graded attempt the one that counts, instead of the newest. */
    public Grade pick(User instructor, long submissionId) {
        Submission submission = submission(instructor, submissionId);
        Exercise exercise = taught(instructor, submission.exerciseId());
        if (!submission.graded()) {
            throw new InvalidInputException("submission", "submission " + submissionId + " is not graded yet; grade it"
                    + " first");
        }
        Scored scored = new Scored(submission.score(), submission.maxScore(), submission.feedback());
        Object comment = submission.feedback().get("comment");
        db.transaction(tx -> {
            count(tx, instructor, exercise, submission, scored, comment instanceof String s ? s : null, clock.instant());
            return null;
        });
        return grades.of(exercise.id(), submission.studentId()).orElseThrow();
    }

    private static void count(io.quantlab.store.Rows tx, User instructor, Exercise exercise, Submission submission,
                              Scored scored, String comment, Instant at) {
        double counted = scored.score() * exercise.schedule().penaltyFactor(submission.createdAt());
        GradeStore.put(tx, exercise.id(), submission.studentId(), submission.id(), counted, scored.maxScore(),
                instructor.id(), comment, true, at);
        AuditLog.record(tx, instructor.id(), "grade-set", "exercise " + exercise.id() + ": student "
                + submission.studentId() + " " + counted + "/" + scored.maxScore() + " from submission " + submission.id());
    }
}
