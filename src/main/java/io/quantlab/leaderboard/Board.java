package io.quantlab.leaderboard;

import io.quantlab.classroom.Course;
import io.quantlab.experiment.DatasetAndModel;
import java.util.List;

/**
 * One data set and model's leaderboard as a viewer sees it: ranked rows, the accuracy-vs-size
 * Pareto front among them, and the pairs there are to choose from (most experiments first);
 * {@code courseId} the course it is filtered to (null: all the viewer's), {@code courses} those to choose from.
 */
public record Board(String dataset, String model, List<BoardRow> rows, List<BoardRow> paretoFront,
                    List<DatasetAndModel> pairs, Long courseId, List<Course> courses) {

    /** The data sets of the pairs, in the pairs' order. */
    public List<String> datasets() {
        return pairs.stream().map(DatasetAndModel::dataset).distinct().toList();
    }

    /** The models of the chosen data set's pairs, in the pairs' order. */
    public List<String> models() {
        return pairs.stream().filter(p -> p.dataset().equals(dataset)).map(DatasetAndModel::model).distinct().toList();
    }
}
