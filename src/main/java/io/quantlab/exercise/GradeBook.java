package io.quantlab.exercise;

import io.quantlab.classroom.Csv;
import io.quantlab.classroom.RosterEntry;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A course's grades as CSV: one row per enrolled student (name, e-mail), then for each exercise
 * its score after the late penalty (empty when not graded) and a "late" column. Cells are written
 * by {@link Csv}, so a name like {@code =HYPERLINK(...)} stays text in a spreadsheet.
 */
public final class GradeBook {
    private GradeBook() {}

    public static String csv(List<Exercise> exercises, List<RosterEntry> students, List<Grade> grades) {
        Map<String, Grade> byCell = new HashMap<>();
        grades.forEach(g -> byCell.put(g.exerciseId() + ":" + g.studentId(), g));
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("name", "email"));
        for (Exercise e : exercises) {
            header.add(e.title() + " (#" + e.id() + ", of " + number(e.config().maxScore()) + ")");
            header.add(e.title() + " (#" + e.id() + ") late");
        }
        rows.add(header);
        for (RosterEntry s : students) {
            List<String> row = new ArrayList<>(List.of(s.name(), s.email()));
            for (Exercise e : exercises) {
                Grade g = byCell.get(e.id() + ":" + s.userId());
                row.add(g == null ? "" : number(g.score()));
                row.add(g != null && g.late() ? "late" : "");
            }
            rows.add(row);
        }
        return Csv.write(rows);
    }

    /** At most two decimals, no trailing zeros: 7.5, 3, 0.67. */
    public static String number(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
