package io.quantlab.web.dashboard;

import io.quantlab.dashboard.ProgressCell;
import io.quantlab.dashboard.ProgressMatrix;
import java.math.BigDecimal;
import java.util.Locale;

/** The progress matrix, students × exercises. */
public record ProgressView(long courseId, ProgressMatrix matrix) {

    /** What a cell says: the score when graded, the attempts when handed in, else its state. */
    public static String text(ProgressCell cell) {
        String late = cell.late() ? " · late" : "";
        return switch (cell.state()) {
            case GRADED -> points(cell.score()) + "/" + points(cell.maxScore()) + late;
            case SUBMITTED -> "submitted" + (cell.attempts() > 1 ? " ×" + cell.attempts() : "") + late;
            case OVERDUE -> "overdue";
            case NOT_STARTED -> "–";
        };
    }

    /** Points as a grader writes them: 2, 1.5, 0.75 (at most two decimals). */
    static String points(double value) {
        return new BigDecimal(String.format(Locale.ROOT, "%.2f", value)).stripTrailingZeros().toPlainString();
    }
}
