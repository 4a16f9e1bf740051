package io.quantlab.leaderboard;

import io.quantlab.InvalidInputException;
import io.quantlab.NotFoundException;
import io.quantlab.account.User;
import io.quantlab.classroom.Course;
import io.quantlab.classroom.CourseStore;
import io.quantlab.data.Datasets;
import io.quantlab.experiment.DatasetAndModel;
import io.quantlab.experiment.Experiment;
import io.quantlab.experiment.ExperimentAccess;
import io.quantlab.experiment.ExperimentResult;
import io.quantlab.experiment.ExperimentStore;
import io.quantlab.model.ModelZoo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The FP32-vs-quantized leaderboard of one data set and model: every finished experiment's results
 * (a training's FP32 model, each quantization, each variant of a variants job), at most one row per
 * student and method (their most accurate), ranked by accuracy. A viewer sees their own results,
 * those of the students of the courses they take or teach, and those courses' baselines.
 */
public final class Leaderboard {
    /** Experiments read for one board at most, the most accurate first (a bound, far above a class's). */
    static final int MAX_EXPERIMENTS = 2000;
    private static final Comparator<BoardRow> RANKING = Comparator
            .comparingDouble((BoardRow r) -> -r.result().accuracy()).thenComparingLong(BoardRow::experimentId);

    private final ExperimentStore experiments;
    private final CourseStore courses;

    public Leaderboard(ExperimentStore experiments, CourseStore courses) {
        this.experiments = experiments;
        this.courses = courses;
    }

    /**
     * The board of the most common pair that agrees with the filters ({@code dataset} first; null or
     * blank filters agree with any), or, when none does, the empty board of the filters as given.
     *
     * @throws InvalidInputException naming {@code dataset} or {@code model} for a name that cannot be one
     */
    public Board board(User viewer, String dataset, String model) {
        return board(viewer, dataset, model, null);
    }

    /**
     * As {@link #board(User, String, String)}, filtered to one course the viewer takes or teaches when
     * {@code courseId} is not null: its students' results and its baselines.
     *
     * @throws NotFoundException (field "course") for a course the viewer neither takes nor teaches
     */
    public Board board(User viewer, String dataset, String model, Long courseId) {
        List<Course> viewerCourses = viewerCourses(viewer);
        if (courseId != null && viewerCourses.stream().noneMatch(c -> c.id() == courseId)) {
            throw new NotFoundException("course", "no course " + courseId + " of yours");
        }
        String wantedDataset = checkedDataset(dataset);
        String wantedModel = checkedModel(model);
        List<DatasetAndModel> pairs = experiments.pairsOnBoard(viewer.id());
        Optional<DatasetAndModel> chosen = pairs.stream()
                .filter(p -> agrees(wantedDataset, p.dataset()) && agrees(wantedModel, p.model())).findFirst()
                .or(() -> pairs.stream().filter(p -> agrees(wantedDataset, p.dataset())).findFirst());
        if (chosen.isEmpty()) {
            return new Board(wantedDataset, wantedModel, List.of(), List.of(), pairs, courseId, viewerCourses);
        }
        String d = chosen.get().dataset();
        String m = chosen.get().model();
        List<Experiment> finished = experiments.finishedOnBoard(viewer.id(), d, m, MAX_EXPERIMENTS);
        if (courseId != null) {
            Set<Long> students = courses.studentIds(courseId);
            finished = finished.stream().filter(e -> courseId.equals(e.baselineCourseId())
                    || (!e.isBaseline() && students.contains(e.ownerId()))).toList();
        }
        List<BoardRow> rows = bestPerOwnerAndMethod(viewer, finished);
        return new Board(d, m, rows, ParetoFront.of(rows), pairs, courseId, viewerCourses);
    }

    /** The courses the viewer teaches or takes. */
    private List<Course> viewerCourses(User viewer) {
        List<Course> all = new ArrayList<>(courses.enrolled(viewer));
        if (viewer.role().teaches()) {
            all.addAll(courses.taughtBy(viewer));
        }
        return all;
    }

    /** Each owner's most accurate result per method (on a tie the earlier experiment's), ranked. */
    private List<BoardRow> bestPerOwnerAndMethod(User viewer, List<Experiment> finished) {
        ExperimentAccess access = experiments.accessOf(viewer);
        Map<String, BoardRow> best = new LinkedHashMap<>();
        for (Experiment e : finished) {
            boolean openable = access.mayView(e);
            for (ExperimentResult result : e.results()) {
                BoardRow row = new BoardRow(e.id(), e.ownerName(), e.isBaseline(), openable, result);
                best.merge(e.ownerId() + " " + result.method(), row, (a, b) -> RANKING.compare(a, b) <= 0 ? a : b);
            }
        }
        List<BoardRow> rows = new ArrayList<>(best.values());
        rows.sort(RANKING);
        return rows;
    }

    private static boolean agrees(String wanted, String value) {
        return wanted == null || wanted.equals(value);
    }

    private static String checkedDataset(String dataset) {
        String name = blankToNull(dataset);
        if (name != null && !Datasets.NAME_RULE.matcher(name).matches()) {
            throw new InvalidInputException("dataset", "dataset: 2 to 40 characters of a-z, 0-9 and '-'; got "
                    + InvalidInputException.quote(name) + ".");
        }
        return name;
    }

    private static String checkedModel(String model) {
        String name = blankToNull(model);
        if (name != null) {
            ModelZoo.describe(name); // names the field for an unknown model
        }
        return name;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
