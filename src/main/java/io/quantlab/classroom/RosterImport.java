package io.quantlab.classroom;

import io.quantlab.InvalidInputException;
import io.quantlab.NotFoundException;
import io.quantlab.account.AccountService;
import io.quantlab.account.Role;
import io.quantlab.account.User;
import io.quantlab.store.AuditLog;
import io.quantlab.store.Database;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A course's roster to and from CSV ({@code email,name}; an optional header row). Importing checks
 * every row first and stores nothing when one is wrong; then it enrolls existing student accounts and
 * creates the others with an invitation link (no password is made up or sent anywhere: the instructor
 * hands each new student their link, and the student chooses a password on it).
 */
public final class RosterImport {
    public static final int MAX_BYTES = 256 * 1024;
    public static final int MAX_ROWS = 2000;
    private final Database db;
    private final CourseService courses;
    private final AccountService accounts;

    public RosterImport(Database db, CourseService courses, AccountService accounts) {
        this.db = db;
        this.courses = courses;
        this.accounts = accounts;
    }

    /** What happened to one row. {@code invitation} is the new account's one-time token, else null. */
    public record Row(int line, String email, String name, Outcome outcome, String invitation) {
    }

    public enum Outcome {
        INVITED, ENROLLED, ALREADY_ENROLLED
    }

    /**
     * Imports {@code csv} into the instructor's course.
     *
     * @throws InvalidInputException naming "csv" and the line for the first wrong row; nothing is stored then
     */
    public List<Row> importCsv(User instructor, long courseId, byte[] csv) {
        Course course = courses.taught(instructor, courseId);
        if (csv.length > MAX_BYTES) {
            throw new InvalidInputException("csv", "csv: at most " + MAX_BYTES / 1024 + " KB, got "
                    + (csv.length + 1023) / 1024 + " KB");
        }
        List<Wanted> wanted = rows(Csv.parse(new String(csv, StandardCharsets.UTF_8)));
        return db.transaction(tx -> {
            List<Row> done = new ArrayList<>();
            for (Wanted w : wanted) {
                User existing = accounts.byEmail(w.email()).orElse(null);
                if (existing != null && existing.role() != Role.STUDENT) {
                    throw new InvalidInputException("csv", "csv row " + w.line() + ": " + existing.email()
                            + " is an instructor account; add it as a co-instructor instead");
                }
                if (existing == null) {
                    User student = accounts.createInvited(tx, w.email(), w.name(), Role.STUDENT);
                    CourseStore.enroll(tx, courseId, student.id());
                    done.add(new Row(w.line(), student.email(), student.displayName(), Outcome.INVITED,
                            Invitations.issue(tx, student.id(), courseId, instructor.id())));
                    continue;
                }
                boolean enrolled = tx.one("SELECT 1 FROM enrollments WHERE course_id = ? AND user_id = ?", r -> 1,
                        courseId, existing.id()).isPresent();
                if (!enrolled) {
                    CourseStore.enroll(tx, courseId, existing.id());
                }
                String invitation = Invitations.awaitsPassword(tx, existing.id())
                        ? Invitations.issue(tx, existing.id(), courseId, instructor.id()) : null;
                done.add(new Row(w.line(), existing.email(), existing.displayName(),
                        enrolled ? Outcome.ALREADY_ENROLLED : Outcome.ENROLLED, invitation));
            }
            AuditLog.record(tx, instructor.id(), "roster-imported", "course " + course.id() + ": " + done.size()
                    + " rows, " + done.stream().filter(r -> r.outcome() == Outcome.INVITED).count() + " invited");
            return done;
        });
    }

    private record Wanted(int line, String email, String name) {
    }

    /**
     * The students a CSV names. With a header row (its first cell "email" or "e-mail") the columns
     * "email" and "name" are found by name and any others ignored, so an exported roster imports
     * again; without one each row is email[,name].
     */
    private static List<Wanted> rows(List<List<String>> cells) {
        int emailColumn = 0;
        int nameColumn = 1;
        boolean header = !cells.isEmpty() && isEmailHeading(cells.get(0).get(0));
        if (header) {
            List<String> headings = cells.get(0).stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
            nameColumn = headings.indexOf("name");
            cells = cells.subList(1, cells.size());
        }
        if (cells.isEmpty()) {
            throw new InvalidInputException("csv", "csv: no students in it; one per line: email,name");
        }
        if (cells.size() > MAX_ROWS) {
            throw new InvalidInputException("csv", "csv: at most " + MAX_ROWS + " students, got " + cells.size());
        }
        List<Wanted> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int line = 0;
        for (List<String> row : cells) {
            line++;
            if (!header && row.size() > 2) {
                throw new InvalidInputException("csv", "csv row " + line + ": two columns, email,name; got "
                        + row.size() + " (or start with a header row naming the columns email and name)");
            }
            String email = row.get(emailColumn).strip();
            String name = nameColumn >= 0 && row.size() > nameColumn ? undefused(row.get(nameColumn).strip()) : "";
            if (!email.matches("[^@\\s,\"<>]+@[^@\\s,\"<>]+\\.[^@\\s,\"<>]+") || email.length() > 254) {
                throw new InvalidInputException("csv", "csv row " + line + ": " + InvalidInputException.quote(email)
                        + " is not an e-mail address");
            }
            if (name.length() > 100 || name.chars().anyMatch(Character::isISOControl)) {
                throw new InvalidInputException("csv", "csv row " + line
                        + ": the name must be at most 100 characters on one line");
            }
            if (!seen.add(email.toLowerCase(Locale.ROOT))) {
                throw new InvalidInputException("csv", "csv row " + line + ": " + email + " is listed twice");
            }
            out.add(new Wanted(line, email, name));
        }
        return out;
    }

    private static boolean isEmailHeading(String cell) {
        return cell.strip().toLowerCase(Locale.ROOT).matches("e-?mail");
    }

    /** The apostrophe {@link Csv#write} puts before a formula-like cell is a spreadsheet's text mark, not part of the name. */
    private static String undefused(String cell) {
        return cell.length() > 1 && cell.charAt(0) == '\'' && "=+-@".indexOf(cell.charAt(1)) >= 0 ? cell.substring(1)
                : cell;
    }

    /**
     * A new invitation link for a student of the course who never used theirs (lost or expired), made
     * by one of its instructors and audited; the older link stops working.
     *
     * @throws NotFoundException     field "student": not a student of this course
     * @throws InvalidInputException field "student": they already chose a password
     */
    public People.Invited reinvite(User instructor, long courseId, long studentId) {
        RosterEntry student = courses.roster(instructor, courseId).stream().filter(s -> s.userId() == studentId)
                .findFirst().orElseThrow(() -> new NotFoundException("student", "student: no student " + studentId
                        + " in this course"));
        String token = db.transaction(tx -> Invitations.renew(tx, studentId, student.email(), instructor, "student"));
        return new People.Invited(accounts.byEmail(student.email()).orElseThrow(), token);
    }

    /** The roster as CSV: email, name, joined, last active, experiments; cells defused against formulas. */
    public String exportCsv(User instructor, long courseId) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("email", "name", "joined", "last_active", "experiments"));
        for (RosterEntry s : courses.roster(instructor, courseId)) {
            rows.add(List.of(s.email(), s.name(), text(s.joinedAt()), text(s.lastActiveAt()),
                    Long.toString(s.experiments())));
        }
        return Csv.write(rows);
    }

    private static String text(Instant when) {
        return when == null ? "" : when.toString();
    }
}
