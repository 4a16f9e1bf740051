package io.quantlab.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import io.quantlab.TestServer;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/**
 * An experiment-target round in a browser: the instructor creates a target exercise; a student
 * joins, trains a small CNN, quantizes it, hands the quantization in and sees their score and the
 * public leaderboard with its Pareto chart; the instructor sees the same board.
 */
class TargetExerciseFromBrowserTest extends BrowserTest {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    private static String inHours(int hours) {
        return LocalDateTime.now(ZoneOffset.UTC).plusHours(hours).format(MINUTE);
    }

    @Test
    void anInstructorSetsATargetAStudentTrainsQuantizesSubmitsAndSeesTheLeaderboard() {
        String dataset = TestServer.trainingDataset();
        WatchedPages watched = new WatchedPages();
        Page teacher = watched.open(browser, server);
        teacher.navigate(server.url("/course"));
        teacher.click("#courses a:text('Quantization seminar')");
        teacher.click("#course-exercises");
        teacher.waitForSelector("#exercise-form");
        teacher.selectOption("#kind", "target");
        teacher.fill("#title", "Eight bits, still accurate");
        for (String[] date : new String[][] {{"#opensAt", inHours(-1)}, {"#dueAt", inHours(24)}, {"#locksAt", inHours(48)}}) {
            teacher.fill(date[0], date[1]);
        }
        teacher.fill("#target-fields input[name=dataset]", dataset);
        teacher.fill("#target-fields input[name=model]", "small-cnn");
        teacher.fill("#target-fields input[name=maxWeightBits]", "8");
        teacher.fill("#target-fields input[name=minAccuracy]", "10");
        teacher.check("#target-fields input[name=anonymize]");
        teacher.click("#create-exercise");
        teacher.waitForURL("**/exercises/*");
        long exercise = Long.parseLong(teacher.url().replaceAll(".*/exercises/(\\d+).*", "$1"));
        watched.assertNone(teacher);

        Page student = studentPage("Tara", "tara@example.org", "taras-password");
        long training = trainFromTheForm(student, "small-cnn", dataset, 1, 2000);
        student.click("#quantize-button");
        student.waitForURL("**/experiments/" + training + "/quantize");
        student.click("#ptq-submit");
        student.waitForURL("**/experiments/*");
        long quantized = experimentIdOf(student);
        student.waitForSelector("#ptq-table", new Page.WaitForSelectorOptions().setTimeout(180_000));

        student.navigate(server.url("/course"));
        student.waitForSelector("#open-exercises");
        student.click("#open-exercises a:text('Eight bits, still accurate')");
        student.waitForSelector("#attempt-form");
        student.fill("#experiment", String.valueOf(quantized));
        student.click("#submit-attempt");
        student.waitForSelector("#attempt-list .score", new Page.WaitForSelectorOptions().setTimeout(60_000));
        assertEquals("2 of 2", student.textContent("#attempt-list .score"));
        assertTrue(student.textContent("#attempt-list").contains("hidden test images"), student.textContent("#attempt-list"));

        student.click("#leaderboard-link");
        student.waitForURL("**/exercises/" + exercise + "/leaderboard");
        assertEquals("public", student.getAttribute("#board-kind", "data-board"));
        assertEquals(1, student.locator("#board-table tbody tr").count());
        assertEquals("true", student.getAttribute("#board-table tbody tr", "data-you"));
        assertTrue(student.textContent("#board-table tbody tr").contains("Tara"), "a student sees their own name");
        student.waitForFunction("() => document.getElementById('pareto-chart').dataset.drawn === 'true'");
        assertEquals("1", student.getAttribute("#pareto-chart", "data-points"));

        teacher.navigate(server.url("/exercises/" + exercise + "/leaderboard"));
        teacher.waitForFunction("() => document.getElementById('pareto-chart').dataset.drawn === 'true'");
        assertTrue(teacher.textContent("#board-table").contains("Tara"), "the instructor sees names");
        assertTrue(teacher.locator("#board-table a[href='/experiments/" + quantized + "']").count() == 1);
        watched.assertNone(teacher);
    }
}
