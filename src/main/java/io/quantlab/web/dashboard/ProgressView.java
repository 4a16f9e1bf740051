package io.quantlab.web.dashboard;

import io.quantlab.dashboard.ProgressCell;
import io.quantlab.dashboard.ProgressMatrix;
import java.util.Locale;

/** The progress matrix, students × exercises. */
public record ProgressView(long courseId, ProgressMatrix matrix) {

    /** What a cell says: the score when graded, the attempts when handed in, else its state. */
    public static String text(ProgressCell cell) {
        String late = cell.late() ? " · late" : "";
        return switch (cell.state()) {
            case GRADED -> String.format(Locale.ROOT, "%.4g/%.4g", cell.score(), cell.maxScore()) + late;
            case SUBMITTED -> "submitted" + (cell.attempts() > 1 ? " ×" + cell.attempts() : "") + late;
            case OVERDUE -> "overdue";
            case NOT_STARTED -> "–";
        };
    }
}
