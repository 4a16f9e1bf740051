package io.quantlab.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;

/**
 * The instructor keeps the course's dashboard open while a student starts a training: the student
 * shows up as active, their job in the queue and, once it is done, its point on the class scatter,
 * all without the page reloading, and with no CSP violation or console error.
 */
class DashboardFromBrowserTest extends BrowserTest {
    @Test
    void theDashboardFollowsAStudentsJobWithoutAReload() {
        WatchedPages watched = new WatchedPages();
        Page teacher = watched.open(browser, server);
        teacher.navigate(server.url("/course"));
        teacher.click("a:text('Quantization seminar')");
        teacher.click("#dashboard-link");
        teacher.waitForURL("**/dashboard");
        assertTrue(teacher.textContent("#dashboard-queue").contains("No student has a job"));
        teacher.waitForSelector("#class-scatter[data-points='0']");
        teacher.evaluate("() => { window.notReloaded = true; }");

        Page student = studentPage("Noor", "noor@example.org", "noors-password");
        // long enough for the queue's 3-second refresh to see it (twenty MLP epochs once ended within one refresh)
        startTrainingFromTheForm(student, "small-cnn", "synthetic", 6, 2000);
        long id = experimentIdOf(student);

        teacher.waitForSelector("#dashboard-queue tr[data-experiment='" + id + "']");
        assertEquals("Noor", teacher.textContent("#dashboard-queue tr[data-experiment='" + id + "'] td").trim());
        teacher.waitForSelector("#dashboard-active li:has-text('Noor')");
        teacher.waitForSelector("#class-scatter[data-points='1']", new Page.WaitForSelectorOptions().setTimeout(120_000));
        teacher.waitForSelector("#dashboard-queue:has-text('No student has a job')");
        assertEquals(true, teacher.evaluate("() => window.notReloaded === true"), "the page never reloaded");
        assertEquals("FP32", teacher.getAttribute("#class-scatter", "data-methods"));
        teacher.click("#dashboard-scatter summary");
        teacher.click("#dashboard-scatter a[href='/experiments/" + id + "']");
        teacher.waitForURL("**/experiments/" + id);
        watched.assertNone(teacher);
    }
}
