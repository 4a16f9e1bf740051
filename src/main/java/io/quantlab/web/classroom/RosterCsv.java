package io.quantlab.web.classroom;

import io.javalin.http.Context;
import io.quantlab.classroom.Course;

/** A roster CSV download, named after the course. */
final class RosterCsv {
    private RosterCsv() {
    }

    static void send(Context ctx, String csv, Course course) {
        ctx.contentType("text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"course-" + course.id() + "-roster.csv\"")
                .result(csv);
    }
}
