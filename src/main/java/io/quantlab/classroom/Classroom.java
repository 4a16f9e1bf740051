package io.quantlab.classroom;

import io.quantlab.account.AccountService;
import io.quantlab.account.UserStore;
import io.quantlab.store.Database;

/**
 * The classroom's services, made together: courses and their people, roster import and export,
 * invitations, and the administrator's list of every account.
 */
public record Classroom(CourseService courses, RosterImport roster, Invitations invitations, People people) {
    public static Classroom of(Database db, UserStore users, AccountService accounts, CourseStore courseStore) {
        CourseService courses = new CourseService(db, courseStore, accounts);
        return new Classroom(courses, new RosterImport(db, courses, accounts), new Invitations(db, users, accounts),
                new People(db, users, accounts));
    }
}
