package io.quantlab.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import io.quantlab.classroom.Csv;
import java.nio.file.Files;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A graded exercise round in a browser: the instructor creates a numeric exercise and a short
 * answer; a student answers both from their home page, sees the numeric score at once (a typo is
 * refused with what they typed kept); the instructor grades the essay with the rubric, moves its
 * deadline back through the edit form (the attempt becomes late, its grade re-computed),
 * downloads the grade book, and withdraws and restores the numeric exercise.
 */
class ExercisesFromBrowserTest extends BrowserTest {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    private static String inHours(int hours) {
        return LocalDateTime.now(ZoneOffset.UTC).plusHours(hours).format(MINUTE);
    }

    private static void schedule(Page page) {
        page.fill("#opensAt", inHours(-1));
        page.fill("#dueAt", inHours(24));
        page.fill("#locksAt", inHours(48));
    }

    @Test
    void anInstructorSetsANumericExerciseAndAnEssayAStudentAnswersBothAndTheGradesAreExported() throws Exception {
        WatchedPages watched = new WatchedPages();
        Page teacher = watched.open(browser, server);
        teacher.navigate(server.url("/course"));
        teacher.click("#courses a:text('Quantization seminar')");
        teacher.click("#course-exercises");
        teacher.waitForSelector("#exercise-form");
        String exercisesUrl = teacher.url();

        teacher.selectOption("#kind", "numeric");
        teacher.fill("#title", "Grids <and> sizes");
        schedule(teacher);
        teacher.fill("#t-restricted-grid", "1");
        teacher.check("#c-seven-billion");
        teacher.click("#create-exercise");
        teacher.waitForURL("**/exercises/*");
        long numeric = Long.parseLong(teacher.url().replaceAll(".*/exercises/(\\d+).*", "$1"));

        teacher.navigate(exercisesUrl);
        teacher.selectOption("#kind", "essay");
        teacher.fill("#title", "Per-channel");
        teacher.fill("#body", "Why does per-channel quantization help MobileNetV2?");
        schedule(teacher);
        teacher.fill("#rubric", "2 | names the ranges\nmentions depthwise");
        teacher.click("#create-exercise");
        assertTrue(teacher.textContent("#form-error").contains("rubric, line 2: write its points first, as points | criterion"),
                "said as the box is written, not as the API's JSON: " + teacher.textContent("#form-error"));
        assertEquals("2 | names the ranges\nmentions depthwise", teacher.inputValue("#rubric"));
        assertEquals("Per-channel", teacher.inputValue("#title"), "what was typed is kept");
        teacher.fill("#rubric", "2 | names the ranges\n1 | mentions depthwise");
        teacher.click("#create-exercise");
        teacher.waitForURL("**/exercises/*");
        long essay = Long.parseLong(teacher.url().replaceAll(".*/exercises/(\\d+).*", "$1"));
        watched.assertNone(teacher);

        Page student = browser.newPage();
        registerStudent(student, "=cmd|' /C calc'!A0", "eve@example.org", "eves-password");
        student.navigate(server.url("/course"));
        student.waitForSelector("#open-exercises");
        assertTrue(student.textContent("#open-exercises").contains("Grids <and> sizes"));
        student.click("#open-exercises a:text('Grids <and> sizes')");
        student.waitForSelector("#attempt-form");
        Matcher bits = Pattern.compile("A signed (\\d+)-bit grid").matcher(student.textContent("#question-1"));
        assertTrue(bits.find(), student.textContent("#question-1"));
        int b = Integer.parseInt(bits.group(1));
        student.fill("#q1-levels", String.valueOf((1 << b) - 1));
        student.fill("#q1-qmax", "seven");
        student.check("#question-2 input[value='2']");
        student.click("#submit-attempt");
        assertTrue(student.textContent("#form-error").contains("answers.1.qmax"), student.textContent("#form-error"));
        assertEquals("seven", student.inputValue("#q1-qmax"), "what was typed is kept");
        assertTrue(student.isChecked("#question-2 input[value='2']"));
        student.fill("#q1-qmax", String.valueOf((1 << (b - 1)) - 1));
        student.click("#submit-attempt");
        student.waitForSelector("#attempt-list .score");
        assertEquals("2 of 2", student.textContent("#attempt-list .score"));
        assertTrue(student.textContent("#grade").contains("2 of 2"));

        student.navigate(server.url("/exercises/" + essay));
        student.fill("#answer-text", "Each channel gets its own scale.\nDepthwise channels differ most.");
        student.click("#submit-attempt");
        student.waitForSelector("#attempt-list");
        assertTrue(student.textContent("#attempt-list").contains("not graded yet"));

        teacher.navigate(server.url("/exercises/" + essay));
        teacher.click(".grade-link");
        teacher.waitForSelector("#grade-form");
        assertTrue(teacher.textContent("#essay-text").contains("Depthwise channels differ most."));
        teacher.fill("#points-0", "2");
        teacher.fill("#points-1", "0.5");
        teacher.fill("#comment", "Say why depthwise most.");
        teacher.click("#save-grade");
        teacher.waitForURL("**/exercises/" + essay);
        assertTrue(teacher.textContent("#submissions td.grade").contains("2.5 of 3"), teacher.textContent("#submissions"));

        student.navigate(server.url("/exercises/" + essay));
        assertTrue(student.textContent("#grade").contains("2.5 of 3"));
        assertTrue(student.textContent("#grade").contains("Say why depthwise most."));
        student.navigate(server.url("/course"));
        student.waitForSelector("#open-exercises");
        assertTrue(student.textContent("#open-exercises li[data-exercise='" + essay + "']").contains("2.5 of 3"));
        assertTrue(student.textContent("#open-exercises").contains("Say why depthwise most."));

        // the instructor moves the deadline back through the edit form: the attempt becomes late
        teacher.navigate(server.url("/exercises/" + essay));
        teacher.click("#edit summary");
        String afterTheLock = inHours(72);
        teacher.fill("#edit-dueAt", afterTheLock);
        teacher.click("#save-exercise");
        assertEquals("locksAt", teacher.getAttribute("#form-error", "data-field"), teacher.textContent("#form-error"));
        assertEquals(afterTheLock, teacher.inputValue("#edit-dueAt"), "what was typed is kept");
        String opens = inHours(-3);
        String due = inHours(-2);
        teacher.fill("#edit-opensAt", opens);
        teacher.fill("#edit-dueAt", due);
        teacher.fill("#edit-latePenaltyPercentPerDay", "20");
        teacher.click("#save-exercise");
        teacher.waitForURL("**/exercises/" + essay);
        assertEquals(due, teacher.inputValue("#edit-dueAt"));
        assertTrue(teacher.textContent("#submissions td.grade").contains("2 of 3 (late)"), teacher.textContent("#submissions"));
        assertTrue(teacher.textContent("#submissions .attempt").contains("late"));
        student.navigate(server.url("/exercises/" + essay));
        assertTrue(student.textContent("#grade").contains("2 of 3"), "2.5 less one started day at 20 %: "
                + student.textContent("#grade"));

        teacher.navigate(exercisesUrl);
        Download download = teacher.waitForDownload(() -> teacher.click("#grades-csv"));
        List<List<String>> rows = Csv.parse(Files.readString(download.path()));
        List<String> eve = rows.stream().filter(r -> r.get(1).equals("eve@example.org")).findFirst().orElseThrow();
        assertEquals("'=cmd|' /C calc'!A0", eve.get(0), "a formula name stays text");
        assertEquals("2", eve.get(rows.get(0).indexOf("Grids <and> sizes (#" + numeric + ", of 2)")));
        int essayColumn = rows.get(0).indexOf("Per-channel (#" + essay + ", of 3)");
        assertEquals("2", eve.get(essayColumn), "re-computed after the deadline moved");
        assertEquals("late", eve.get(essayColumn + 1));

        // withdrawn from its page: gone from the student's list, kept, then restored
        teacher.navigate(server.url("/exercises/" + numeric));
        assertEquals("Withdraw the exercise", teacher.textContent("#withdraw-exercise").strip(), "it has an attempt");
        teacher.click("#withdraw-exercise");
        teacher.waitForSelector("#withdrawn");
        assertTrue(teacher.textContent("#submissions td.grade").contains("2 of 2"), "its grade is kept");
        student.navigate(server.url("/course"));
        student.waitForSelector("#open-exercises");
        assertFalse(student.textContent("#open-exercises").contains("Grids <and> sizes"));
        teacher.click("#restore-exercise");
        teacher.waitForSelector("#withdraw-exercise");
        student.navigate(server.url("/course"));
        student.waitForSelector("#open-exercises");
        assertTrue(student.textContent("#open-exercises").contains("Grids <and> sizes"));
        watched.assertNone(teacher);
    }
}
