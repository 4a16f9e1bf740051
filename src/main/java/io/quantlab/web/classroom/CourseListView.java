package io.quantlab.web.classroom;

import io.quantlab.classroom.Course;
import io.quantlab.experiment.Experiment;
import io.quantlab.web.Page;
import java.util.List;

/**
 * The Course page: for an instructor the courses they teach ({@code taught}); for a student their
 * home, one card per course they take ({@code taken}) and the form to join another. Both see the
 * baselines of their courses.
 */
public record CourseListView(Page page, List<Course> taught, List<StudentCourseView> taken,
        List<Experiment> baselines, String error) {
}
