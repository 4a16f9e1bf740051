package io.quantlab.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import io.quantlab.TestServer;
import io.quantlab.data.DatasetFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An instructor uploads a zip from the browser, sees it queued, and cancels it. The server has no
 * job workers, so the upload waits in the queue for as long as the test needs.
 */
class DatasetUploadFromBrowserTest {
    private static TestServer webOnly;
    private static BrowserSession browser;

    @BeforeAll
    static void start() throws Exception {
        webOnly = TestServer.start(Files.createTempDirectory("quantlab-upload-browser"), 0);
        browser = new BrowserSession();
    }

    @AfterAll
    static void stop() {
        browser.close();
        webOnly.close();
    }

    @Test
    void anUploadWaitsQueuedAndIsCancelledFromItsRow() throws Exception {
        Path cifar = Files.createTempDirectory("cifar-browser");
        DatasetFiles.writeCifar10(cifar, 5, 40, 50);
        byte[] zip = DatasetFiles.zip(DatasetFiles.filesOf(cifar, "cifar-10-batches-bin/"));
        Page page = browser.newPage();
        BrowserSession.signIn(page, webOnly, TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        page.navigate(webOnly.url("/datasets"));

        page.fill("input[name=name]", "class-cifar");
        page.setInputFiles("input[name=file]", new FilePayload("class-cifar.zip", "application/zip", zip));
        page.click("button:text('Upload')");
        page.waitForURL("**/datasets#dataset-imports");

        Locator row = page.locator("tr[data-name=class-cifar]");
        assertEquals("queued", row.getAttribute("data-status"));
        page.screenshot(new Page.ScreenshotOptions().setPath(BrowserSession.SCREENSHOTS.resolve("datasets.png"))
                .setFullPage(true));

        page.onDialog(dialog -> dialog.accept());
        row.locator("button:text('Cancel')").click();

        page.waitForSelector("tr[data-name=class-cifar][data-status=cancelled]");
        assertEquals(0, page.locator("tr[data-name=class-cifar] button:text('Cancel')").count());
    }

    @Test
    void theBrowserChecksTheNameBeforeSending() {
        Page page = browser.newPage();
        BrowserSession.signIn(page, webOnly, TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        page.navigate(webOnly.url("/datasets"));
        Locator name = page.locator("input[name=name]");
        name.fill("Class CIFAR!");
        assertEquals(Boolean.TRUE, name.evaluate("input => input.validity.patternMismatch"),
                "the pattern is a valid regular expression, so the browser applies it");
        page.setInputFiles("input[name=file]", new FilePayload("c.zip", "application/zip", new byte[] {1}));
        page.click("button:text('Upload')");
        assertTrue(page.url().endsWith("/datasets"), "not sent: " + page.url());
        name.fill("class-cifar-2");
        assertEquals(Boolean.FALSE, name.evaluate("input => input.validity.patternMismatch"));
    }
}
