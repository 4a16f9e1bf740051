package io.quantlab.browser;

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

    @AfterAll
    static void stopServerAndBrowser() {
        browser.close();
        server.close();
    }
}
