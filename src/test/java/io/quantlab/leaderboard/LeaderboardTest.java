package io.quantlab.leaderboard;

import static io.quantlab.experiment.FinishedExperiments.deployed;
import static io.quantlab.experiment.FinishedExperiments.simulated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.InvalidInputException;
import io.quantlab.account.Role;
import io.quantlab.account.User;
import io.quantlab.account.UserStore;
import io.quantlab.classroom.CourseStore;
import io.quantlab.deploy.ModelQuantization;
import io.quantlab.experiment.DatasetAndModel;
import io.quantlab.experiment.ExperimentResult;
import io.quantlab.experiment.FinishedExperiments;
import io.quantlab.experiment.PtqVariantsMetrics;
import io.quantlab.ptq.PtqConfig;
import io.quantlab.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The FP32-vs-quantized leaderboard on a real H2 database with all migrations: two courses, their
 * students' trainings, quantizations and variants, a baseline.
 */
class LeaderboardTest {
    private static final String FASHION = "fashion-mnist";
    private static final String CNN = "small-cnn";
    private static final PtqConfig PER_TENSOR_W4A4 = new PtqConfig(ModelQuantization.Mode.STATIC, 4, 4,
            PtqConfig.Granularity.PER_TENSOR, PtqConfig.WeightScheme.SYMMETRIC, PtqConfig.ActivationRange.MINMAX,
            99.99, 10, true, 0);

    private Database db;
    private FinishedExperiments finished;
    private Leaderboard leaderboard;
    private User teacher;
    private User otherTeacher;
    private User ada;
    private User bob;
    private User cyd;
    private long adaTraining;
    private long adaWorseTraining;
    private long adaPtq;
    private long adaVariants;
    private long bobTraining;
    private long bobSimulated;
    private long baseline;
    private long teacherPrivate;
    private long cydTraining;
    private long course;

    @BeforeEach
    void twoCoursesWithResults() throws IOException {
        String url = "jdbc:h2:file:" + Files.createTempDirectory("quantlab-board").resolve("quantlab");
        db = Database.open(url, "sa", "", Path.of("migrations"));
        finished = new FinishedExperiments(db);
        CourseStore courses = new CourseStore(db);
        leaderboard = new Leaderboard(finished.store(), courses);
        teacher = user("t@example.org", "Teacher", Role.INSTRUCTOR);
        otherTeacher = user("u@example.org", "Other teacher", Role.INSTRUCTOR);
        ada = user("ada@example.org", "Ada", Role.STUDENT);
        bob = user("bob@example.org", "Bob", Role.STUDENT);
        cyd = user("cyd@example.org", "Cyd", Role.STUDENT);
        course = courses.create(teacher, "Quantization 101").id();
        long otherCourse = courses.create(otherTeacher, "Another course").id();
        enroll(course, ada);
        enroll(course, bob);
        enroll(otherCourse, cyd);

        adaTraining = finished.training(ada.id(), FASHION, CNN, 90.0, 400_000);
        adaWorseTraining = finished.training(ada.id(), FASHION, CNN, 89.0, 400_000);
        adaPtq = finished.ptq(ada.id(), adaTraining, PtqConfig.defaults(), deployed(89.9, 90.0, 100_000, null));
        adaVariants = finished.variants(ada.id(), adaTraining, new PtqVariantsMetrics(89.85, 100_000,
                new PtqVariantsMetrics.Fp32Row(90.0, 3.0, 0.15, 400_000), List.of(
                        deployed(89.7, 90.0, 100_000, "per-tensor, BN folded"),
                        deployed(89.8, 90.0, 100_500, "per-tensor, BN not folded"),
                        deployed(89.95, 90.0, 101_000, "per-channel, BN folded"),
                        deployed(89.85, 90.0, 101_500, "per-channel, BN not folded"))));
        bobTraining = finished.training(bob.id(), FASHION, CNN, 91.0, 400_000);
        bobSimulated = finished.ptq(bob.id(), bobTraining, PER_TENSOR_W4A4, simulated(80.0, 91.0, 50_000));
        baseline = finished.training(teacher.id(), FASHION, CNN, 91.5, 400_000);
        db.update("UPDATE experiments SET baseline_course_id = ? WHERE id = ?", course, baseline);
        teacherPrivate = finished.training(teacher.id(), FASHION, CNN, 92.0, 400_000);
        cydTraining = finished.training(cyd.id(), FASHION, CNN, 95.0, 400_000);
        finished.queuedTraining(bob.id(), FASHION, CNN);
        finished.training(ada.id(), "synthetic", "mlp", 50.0, 10_000);
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    @Test
    void aStudentSeesHerCoursesResultsBestFirstOneRowPerStudentAndMethod() {
        Board board = leaderboard.board(ada, null, null);

        assertEquals(FASHION, board.dataset(), "the most common pair by default");
        assertEquals(CNN, board.model());
        assertEquals(List.of(
                        row(baseline, "Teacher", "FP32", 91.5),
                        row(bobTraining, "Bob", "FP32", 91.0),
                        row(adaTraining, "Ada", "FP32", 90.0),
                        row(adaVariants, "Ada", "PTQ static per-channel", 89.95),
                        row(adaVariants, "Ada", "PTQ static per-tensor", 89.8),
                        row(bobSimulated, "Bob", "PTQ static per-tensor", 80.0)),
                board.rows().stream().map(LeaderboardTest::row).toList(),
                "not Ada's worse training #" + adaWorseTraining + ", nor her single PTQ #" + adaPtq
                        + " (a variant is better), nor the teacher's own #" + teacherPrivate + ", nor Cyd's #"
                        + cydTraining + " of another course, nor anything queued");
    }

    @Test
    void aQuantizedRowComparesWithItsFp32ParentAndSaysWhenItIsOnlySimulated() {
        List<BoardRow> rows = leaderboard.board(ada, FASHION, CNN).rows();

        ExperimentResult variant = rows.get(3).result();
        assertEquals("W8A8", variant.bits());
        assertEquals("per-channel, BN folded", variant.variant());
        assertFalse(variant.simulated());
        assertEquals(-0.05, variant.accuracyDelta(), 1e-9, "deployed 89.95 against the parent's 90.0");
        assertEquals(1.5, variant.speedupBatch64());
        assertEquals(ExperimentResult.ONNX_RUNTIME, variant.runtime());
        assertEquals(4.0, variant.compression());

        ExperimentResult bobs = rows.get(5).result();
        assertEquals("W4A4", bobs.bits());
        assertTrue(bobs.simulated(), "activations below 8 bits only simulate");
        assertEquals(-11.0, bobs.accuracyDelta(), 1e-9);
        assertNull(bobs.latencyMsBatch64());
        assertNull(bobs.runtime());
        assertNull(bobs.speedupBatch64());
        assertEquals(8.0, bobs.compression());

        ExperimentResult fp32 = rows.get(2).result();
        assertEquals("32", fp32.bits());
        assertNull(fp32.accuracyDelta());
        assertNull(fp32.compression());
        assertEquals(ExperimentResult.PYTORCH, fp32.runtime(), "measured after training, not in ONNX Runtime");
    }

    @Test
    void aStudentMayOpenHerOwnRowsAndHerCourseBaselineButNotAClassmates() {
        List<BoardRow> rows = leaderboard.board(ada, null, null).rows();

        assertEquals(List.of(true, false, true, true, true, false), rows.stream().map(BoardRow::openable).toList());
        assertEquals(List.of(true, false, false, false, false, false), rows.stream().map(BoardRow::baseline).toList());
    }

    @Test
    void aStudentOfAnotherCourseSeesNoneOfTheseRowsAndTheyNoneOfHers() {
        List<BoardRow> cyds = leaderboard.board(cyd, null, null).rows();

        assertEquals(List.of(cydTraining), cyds.stream().map(BoardRow::experimentId).toList());
        assertTrue(leaderboard.board(bob, null, null).rows().stream().noneMatch(r -> r.experimentId() == cydTraining));
    }

    @Test
    void anInstructorSeesTheirCoursesStudentsBaselinesAndOwnResultsAndMayOpenEach() {
        List<BoardRow> rows = leaderboard.board(teacher, null, null).rows();

        assertEquals(List.of(teacherPrivate, bobTraining, adaTraining, adaVariants, adaVariants, bobSimulated),
                rows.stream().map(BoardRow::experimentId).toList(), "the teacher's best FP32 is their own #"
                        + teacherPrivate + ", not the baseline; nothing of the other course");
        assertTrue(rows.stream().allMatch(BoardRow::openable));
        assertEquals(List.of(cydTraining), leaderboard.board(otherTeacher, null, null).rows().stream()
                .map(BoardRow::experimentId).toList());
    }

    /** courses.created_by is only who made the course; a co-instructor teaches it as fully (course_instructors). */
    @Test
    void aCoInstructorSeesTheCourseAsItsOwnerDoesExceptTheOwnersPrivateRuns() {
        User co = user("co@example.org", "Co", Role.INSTRUCTOR);
        db.update("INSERT INTO course_instructors (course_id, user_id, role, added_by, added_at) "
                + "VALUES (?, ?, 'co-instructor', ?, ?)", course, co.id(), teacher.id(), Instant.now());

        List<BoardRow> rows = leaderboard.board(co, null, null).rows();

        assertEquals(List.of(baseline, bobTraining, adaTraining, adaVariants, adaVariants, bobSimulated),
                rows.stream().map(BoardRow::experimentId).toList(), "the baseline, not the owner's own #"
                        + teacherPrivate);
        assertTrue(rows.stream().allMatch(BoardRow::openable));
    }

    @Test
    void filtersChooseTheDataSetAndModelAndListThePairsThereAre() {
        Board synthetic = leaderboard.board(ada, "synthetic", null);

        assertEquals("mlp", synthetic.model(), "the data set's most common model");
        assertEquals(List.of(50.0), synthetic.rows().stream().map(r -> r.result().accuracy()).toList());
        assertEquals(List.of(new DatasetAndModel(FASHION, CNN, 7), new DatasetAndModel("synthetic", "mlp", 1)),
                synthetic.pairs(), "Ada's 4 and Bob's 2 finished, and the baseline");
        assertEquals(List.of(FASHION, "synthetic"), synthetic.datasets());
        assertEquals(List.of("mlp"), synthetic.models());
        assertEquals(CNN, leaderboard.board(ada, FASHION, "mlp").model(), "no such pair: the data set's own");
        Board none = leaderboard.board(ada, "cifar-10", "mlp");
        assertEquals(List.of(), none.rows());
        assertEquals("cifar-10", none.dataset());
    }

    @Test
    void aFilterThatCannotBeANameIsRefusedNamingItsField() {
        assertEquals("dataset", assertThrows(InvalidInputException.class,
                () -> leaderboard.board(ada, "Fashion MNIST!", null)).field());
        assertEquals("model", assertThrows(InvalidInputException.class,
                () -> leaderboard.board(ada, FASHION, "no-such-model")).field());
    }

    @Test
    void theParetoFrontKeepsTheResultsNoOtherIsBothSmallerAndMoreAccurateThan() {
        Board board = leaderboard.board(ada, null, null);

        assertEquals(List.of(bobSimulated, adaVariants, adaVariants, baseline),
                board.paretoFront().stream().map(BoardRow::experimentId).toList());
        assertEquals(List.of(50_000L, 100_500L, 101_000L, 400_000L),
                board.paretoFront().stream().map(r -> r.result().sizeBytes()).toList());
    }

    private static String row(long id, String who, String method, double accuracy) {
        return "#" + id + " " + who + " " + method + " " + accuracy;
    }

    private static String row(BoardRow r) {
        return row(r.experimentId(), r.ownerName(), r.result().method(), r.result().accuracy());
    }

    private User user(String email, String name, Role role) {
        long id = db.transaction(tx -> new UserStore(db).insert(tx, email, name, "x", role));
        return new User(id, email, name, role);
    }

    private void enroll(long course, User student) {
        db.update("INSERT INTO enrollments (course_id, user_id, enrolled_at) VALUES (?, ?, ?)", course, student.id(),
                Instant.now());
    }

    @Test
    void theCourseFilterKeepsItsStudentsAndItsBaselinesOnly() {
        List<BoardRow> all = leaderboard.board(teacher, FASHION, CNN).rows();
        assertTrue(all.stream().anyMatch(r -> r.experimentId() == teacherPrivate), "unfiltered: the teacher's own too");
        Board filtered = leaderboard.board(teacher, FASHION, CNN, course);
        assertEquals(course, filtered.courseId());
        Set<Long> ids = filtered.rows().stream().map(BoardRow::experimentId).collect(java.util.stream.Collectors.toSet());
        assertTrue(ids.contains(baseline) && ids.contains(bobTraining) && ids.contains(adaTraining), ids.toString());
        assertFalse(ids.contains(teacherPrivate) || ids.contains(cydTraining), ids.toString());
        assertEquals(ids, leaderboard.board(ada, FASHION, CNN, course).rows().stream().map(BoardRow::experimentId)
                .collect(java.util.stream.Collectors.toSet()), "a student of the course sees the same board");
        io.quantlab.NotFoundException e = assertThrows(io.quantlab.NotFoundException.class,
                () -> leaderboard.board(cyd, FASHION, CNN, course));
        assertEquals("course", e.field());
    }
}
