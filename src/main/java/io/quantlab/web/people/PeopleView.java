package io.quantlab.web.people;

import io.quantlab.classroom.Person;
import io.quantlab.web.Page;
import java.util.List;

/**
 * The administrator's People page. {@code invitedEmail} and {@code invitationPath} are the instructor
 * just created and their one-time link (shown this once), else null; {@code notice} says what a role
 * change did; {@code error} and {@code errorField} a 400, with the create form's {@code email} and
 * {@code name} as typed.
 */
public record PeopleView(Page page, List<Person> people, String invitedEmail, String invitationPath, String notice,
        String error, String errorField, String email, String name) {
    public boolean errorIn(String field) {
        return error != null && field.equals(errorField);
    }
}
