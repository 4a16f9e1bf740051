package io.quantlab.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Page;
import io.quantlab.TestServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Instructor pages that record every CSP violation and console error, for a test to assert there were none. */
final class WatchedPages {
    /** Records what the Content-Security-Policy blocked, from the first script on. */
    private static final String WATCH_POLICY = "window.cspViolations = [];"
            + "document.addEventListener('securitypolicyviolation',"
            + " (e) => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));";
    private final List<String> problems = new CopyOnWriteArrayList<>();

    /** A page signed in as the first instructor; a console error of a 400 the test asked for is no problem. */
    Page open(BrowserSession browser, TestServer server) {
        Page page = browser.newPage();
        page.addInitScript(WATCH_POLICY);
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type()) && !m.text().contains("400")) {
                problems.add(page.url() + ": " + m.text());
            }
        });
        page.onPageError(e -> problems.add(page.url() + ": " + e));
        BrowserSession.signIn(page, server, TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        return page;
    }

    void assertNone(Page page) {
        assertEquals(List.of(), page.evaluate("() => window.cspViolations"), page.url());
        assertEquals(List.of(), problems);
    }
}
