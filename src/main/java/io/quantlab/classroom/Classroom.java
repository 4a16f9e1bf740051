package io.quantlab.classroom;

import io.quantlab.account.AccountService;
import io.quantlab.account.UserStore;
import io.quantlab.store.Database;

/** The classroom's services, made together: courses and people, roster import and export, invitations. */
public record Classroom(CourseService courses, RosterImport roster, Invitations invitations) {
    public static Classroom of(Database db, UserStore users, AccountService accounts, CourseStore courseStore) {
        CourseService courses = new CourseService(db, courseStore, accounts);
        return new Classroom(courses, new RosterImport(db, courses, accounts), new Invitations(db, users, accounts));
    }
}
