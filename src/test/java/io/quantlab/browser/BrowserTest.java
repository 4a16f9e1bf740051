package io.quantlab.browser;

import com.microsoft.playwright.Page;
import io.quantlab.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A test class driving Debian's chromium against one real server, both shared by its tests. */
abstract class BrowserTest {
    static TestServer server;
    static BrowserSession browser;

    @BeforeAll
    static void startServerAndBrowser() throws Exception {
        server = TestServer.start();
        browser = new BrowserSession();
    }

    /** A fresh page (own cookies, 1280 px wide) signed in as the first instructor. */
    static Page instructorPage() {
        Page page = browser.newPage();
        BrowserSession.signIn(page, server, TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        return page;
    }

    @AfterAll
    static void stopServerAndBrowser() {
        browser.close();
        server.close();
    }
}
