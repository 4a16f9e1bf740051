package io.quantlab.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An instructor runs a course in a browser: creates it, renames it, hands out a new code; a student
 * joins with that code from their course page (the old one no longer works); the instructor sees them
 * in the roster, looks at the course as a student, and removes them after a confirmation.
 */
class CourseFromBrowserTest extends BrowserTest {
    @Test
    void anInstructorCreatesRenamesRotatesAndRemovesAStudentWhoJoinedWithTheNewCode() {
        WatchedPages watched = new WatchedPages();
        Page teacher = watched.open(browser, server);
        teacher.navigate(server.url("/course"));
        teacher.fill("input[name=name]", "Edge AI <draft>");
        teacher.click("button:text('Create')");
        teacher.waitForURL("**/courses/*");
        String coursePath = teacher.url().substring(teacher.url().indexOf("/courses/"));
        assertEquals("Edge AI <draft>", teacher.textContent("#course-name"));

        teacher.fill("#rename-form input[name=name]", "Edge AI, winter term");
        teacher.click("#rename-form button");
        teacher.waitForSelector("#course-name:text('Edge AI, winter term')");
        String oldCode = teacher.textContent("#join-code");
        teacher.click("#rotate-code");
        teacher.waitForFunction("old => { const code = document.querySelector('#join-code'); return code && code.textContent !== old; }", oldCode);
        String newCode = teacher.textContent("#join-code");
        assertTrue(newCode.matches("[A-Z2-9]{8}"), newCode);
        watched.assertNone(teacher);

        Page student = studentPage("Nina", "nina@example.org", "ninas-password");
        student.navigate(server.url("/course"));
        student.fill("#join-course input[name=joinCode]", oldCode);
        student.click("#join-course button");
        assertTrue(student.textContent("[role=alert]").contains("no course has this code"), "the old code is gone");
        student.fill("#join-course input[name=joinCode]", newCode.toLowerCase());
        student.click("#join-course button");
        student.waitForSelector(".student-course h2:text('Edge AI, winter term')");
        assertTrue(student.isVisible(".student-course h2:text('Quantization seminar')"), "both her courses");

        teacher.navigate(server.url(coursePath));
        assertEquals("Nina", teacher.textContent("#roster-table tbody tr td:first-child"));
        assertEquals("nina@example.org", teacher.textContent("#roster-table tbody tr td:nth-child(2)"));
        assertFalse(teacher.textContent("#roster-table tbody tr td:nth-child(4)").contains("–"), "active just now");

        teacher.click("#view-as-student");
        teacher.waitForSelector("#as-student-note");
        assertEquals("Edge AI, winter term", teacher.textContent(".student-course h2"));
        teacher.goBack();

        teacher.click("#roster-table .remove-student");
        teacher.waitForSelector("#confirm-remove");
        assertTrue(teacher.textContent("main").contains("nina@example.org"));
        teacher.click("#confirm-remove");
        teacher.waitForURL("**" + coursePath + "#roster");
        assertEquals(0, teacher.locator("#roster-table").count(), "nobody left in the roster");
        assertTrue(teacher.textContent("#roster").contains("Students (0)"));
        watched.assertNone(teacher);

        student.navigate(server.url("/course"));
        assertFalse(student.isVisible(".student-course h2:text('Edge AI, winter term')"), "she lost access");
        assertTrue(student.isVisible(".student-course h2:text('Quantization seminar')"));

        teacher.navigate(server.url(coursePath));
        teacher.setInputFiles("#roster-import input[name=csv]", new FilePayload("class.csv", "text/csv",
                "email,name\nomar@example.org,Omar\n".getBytes(StandardCharsets.UTF_8)));
        teacher.click("#roster-import button[type=submit]");
        teacher.waitForSelector("#import-result");
        String link = teacher.textContent("#import-result code.invitation");
        assertTrue(link.matches("\\Q" + server.url("/invite/") + "\\E[A-Za-z0-9_-]{43}"),
                "a link to hand out as it is, with this site's address: " + link);

        // Omar lost it: a new one from his roster row, copied with one click; the old one stops working
        teacher.context().grantPermissions(List.of("clipboard-read", "clipboard-write"));
        teacher.navigate(server.url(coursePath));
        teacher.click("#roster-table tr:has-text('omar@example.org') .invitation-form button:text('New link')");
        teacher.waitForSelector("#invitation-link");
        String fresh = teacher.inputValue("#invitation-link");
        assertTrue(fresh.matches("\\Q" + server.url("/invite/") + "\\E[A-Za-z0-9_-]{43}") && !fresh.equals(link), fresh);
        teacher.click("#copy-invitation");
        teacher.waitForSelector("#copy-invitation:text('Copied')");
        assertEquals(fresh, teacher.evaluate("() => navigator.clipboard.readText()"));
        Page omar = browser.newPage();
        assertEquals(404, omar.navigate(link).status(), "the old link");
        omar.navigate(fresh);
        assertTrue(omar.isVisible("input[name=password]"), "the new link");
        watched.assertNone(teacher);
    }
}
