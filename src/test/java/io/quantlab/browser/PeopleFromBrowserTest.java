package io.quantlab.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The administrator's People page in a browser: creating an instructor and copying their invitation
 * link (a full address of the site), the new instructor choosing a password on it, and a student
 * made instructor and back.
 */
class PeopleFromBrowserTest extends BrowserTest {
    @Test
    void theAdminCreatesAnInstructorCopiesTheLinkAndSwitchesAStudentsRole() {
        Page sara = studentPage("Sara", "sara@example.org", "saras-password");
        WatchedPages watched = new WatchedPages();
        Page admin = watched.open(browser, server);
        admin.context().grantPermissions(List.of("clipboard-read", "clipboard-write"));
        admin.click("#people-link");
        admin.waitForURL("**/admin/people");
        assertEquals("student", admin.textContent("tr[data-email='sara@example.org'] .person-role"));

        admin.fill("#new-instructor-form input[name=email]", "ines@example.org");
        admin.fill("#new-instructor-form input[name=name]", "Ines <TA>");
        admin.click("#new-instructor-form button[type=submit]");
        admin.waitForSelector("#invitation-link");
        String link = admin.inputValue("#invitation-link");
        assertTrue(link.matches("\\Q" + server.url("/invite/") + "\\E[A-Za-z0-9_-]{43}"), link);
        admin.click("#copy-invitation");
        admin.waitForSelector("#copy-invitation:text('Copied')");
        assertEquals(link, admin.evaluate("() => navigator.clipboard.readText()"));
        assertEquals("Ines <TA>", admin.textContent("tr[data-email='ines@example.org'] td:first-child"));
        assertEquals("instructor", admin.textContent("tr[data-email='ines@example.org'] .person-role"));
        admin.screenshot(new Page.ScreenshotOptions().setPath(BrowserSession.SCREENSHOTS.resolve("people.png"))
                .setFullPage(true));

        Page ines = browser.newPage();
        ines.navigate(link);
        assertEquals("instructor", ines.textContent("#invited-role"));
        ines.fill("input[name=password]", "ines-own-password");
        ines.click("button[type=submit]");
        ines.waitForURL("**/course");
        assertEquals("instructor", ines.textContent(".who .role"));

        admin.click("tr[data-email='sara@example.org'] .role-form button");
        admin.waitForSelector("#people-notice");
        assertEquals("sara@example.org is now an instructor and no longer a student of Quantization seminar.",
                admin.textContent("#people-notice"));
        assertEquals("instructor", admin.textContent("tr[data-email='sara@example.org'] .person-role"));
        sara.navigate(server.url("/course"));
        assertEquals("instructor", sara.textContent(".who .role"));

        admin.click("tr[data-email='sara@example.org'] .role-form button:text('Make student')");
        admin.waitForSelector("#people-notice:text('sara@example.org is now a student.')");
        assertEquals("student", admin.textContent("tr[data-email='sara@example.org'] .person-role"));
        watched.assertNone(admin);
    }
}
