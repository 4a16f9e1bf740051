package io.quantlab.leaderboard;

import io.quantlab.InvalidInputException;
import io.quantlab.account.User;
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

    public Leaderboard(ExperimentStore experiments) {
        this.experiments = experiments;
    }

    /**
     * The board of the most common pair that agrees with the filters ({@code dataset} first; null or
     * blank filters agree with any), or, when none does, the empty board of the filters as given.
     *
     * @throws InvalidInputException naming {@code dataset} or {@code model} for a name that cannot be one
     */
    public Board board(User viewer, String dataset, String model) {
        String wantedDataset = checkedDataset(dataset);
        String wantedModel = checkedModel(model);
        List<DatasetAndModel> pairs = experiments.pairsOnBoard(viewer.id());
        Optional<DatasetAndModel> chosen = pairs.stream()
                .filter(p -> agrees(wantedDataset, p.dataset()) && agrees(wantedModel, p.model())).findFirst()
                .or(() -> pairs.stream().filter(p -> agrees(wantedDataset, p.dataset())).findFirst());
        if (chosen.isEmpty()) {
            return new Board(wantedDataset, wantedModel, List.of(), List.of(), pairs);
        }
        String d = chosen.get().dataset();
        String m = chosen.get().model();
        List<BoardRow> rows = bestPerOwnerAndMethod(viewer,
                experiments.finishedOnBoard(viewer.id(), d, m, MAX_EXPERIMENTS));
        return new Board(d, m, rows, ParetoFront.of(rows), pairs);
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
