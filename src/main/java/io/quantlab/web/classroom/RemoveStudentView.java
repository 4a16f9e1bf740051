package io.quantlab.web.classroom;

import io.quantlab.classroom.Course;
import io.quantlab.classroom.RosterEntry;
import io.quantlab.web.Page;

/** The confirmation before a student is taken out of a course. */
public record RemoveStudentView(Page page, Course course, RosterEntry student) {
}
