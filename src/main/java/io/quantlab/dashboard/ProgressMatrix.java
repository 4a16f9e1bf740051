package io.quantlab.dashboard;

import io.quantlab.exercise.Exercise;
import java.util.List;

/** Students × exercises: one row per enrolled student, one cell per exercise in the order of {@code exercises}. */
public record ProgressMatrix(List<Exercise> exercises, List<Row> rows) {

    public record Row(long studentId, String name, List<ProgressCell> cells) {
    }
}
