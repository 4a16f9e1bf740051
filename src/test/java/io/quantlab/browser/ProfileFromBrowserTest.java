package io.quantlab.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;

/** The profile page in a browser: a new API token is shown once, and the address stays /profile. */
class ProfileFromBrowserTest extends BrowserTest {
    @Test
    void aNewTokenIsShownOnceAtTheProfileAddress() {
        Page page = instructorPage();
        page.navigate(server.url("/profile"));
        page.fill("input[name=label]", "grading script");
        page.click("button:text('Create token')");
        page.waitForSelector("#new-token");
        assertTrue(page.locator("#new-token").textContent().startsWith("ql_"));
        assertEquals(server.url("/profile"), page.url(), "the address is the profile's, not the form's");
        assertTrue(page.locator("#api-tokens td:text('grading script')").isVisible());

        page.reload();
        assertEquals(server.url("/profile"), page.url());
        assertEquals(0, page.locator("#new-token").count(), "a reload shows the token no more and makes no other");
        assertEquals(1, page.locator("#api-tokens td:text('grading script')").count());
    }
}
