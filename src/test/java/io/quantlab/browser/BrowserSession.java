package io.quantlab.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.quantlab.TestServer;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * Debian's chromium driven by Playwright (no browser download: PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1).
 * One per test class: each Playwright.create() unpacks its driver anew.
 */
final class BrowserSession implements AutoCloseable {
    static final Path SCREENSHOTS = Paths.get("target", "screenshots");

    private final Playwright playwright;
    private final Browser browser;

    BrowserSession() {
        playwright = Playwright.create();
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Paths.get("/usr/bin/chromium"))
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run")));
    }

    Page newPage() {
        return newPage(1280, 900);
    }

    /** A page in a fresh context (its own cookies) with a viewport of {@code width} × {@code height} CSS pixels. */
    Page newPage(int width, int height) {
        Page page = browser.newContext(new Browser.NewContextOptions().setViewportSize(width, height)).newPage();
        page.setDefaultTimeout(30_000);
        return page;
    }

    static void signIn(Page page, TestServer server, String email, String password) {
        page.navigate(server.url("/signin"));
        page.fill("input[name=email]", email);
        page.fill("input[name=password]", password);
        page.click("button[type=submit]");
        page.waitForURL("**/labs");
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
