package io.quantlab.web.classroom;

import io.quantlab.classroom.Course;
import io.quantlab.classroom.CourseInstructor;
import io.quantlab.classroom.People;
import io.quantlab.classroom.RosterEntry;
import io.quantlab.classroom.RosterImport;
import io.quantlab.web.Page;
import java.util.List;

/**
 * An instructor's course page. {@code imported} holds the rows of a roster import just made (its
 * invitation links are shown this once), else is empty; {@code reissued}, a roster student's new
 * invitation link just made (shown this once), or null; {@code errorField} names the form a 400 is about.
 */
public record CoursePageView(Page page, Course course, List<CourseInstructor> instructors, List<RosterEntry> roster,
        List<RosterImport.Row> imported, People.Invited reissued, String error, String errorField) {
    public boolean errorIn(String field) {
        return error != null && field.equals(errorField);
    }
}
