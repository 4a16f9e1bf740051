package io.quantlab.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import io.quantlab.TestServer;
import org.junit.jupiter.api.Test;

/** A finished experiment's page: per-class chart, confusion matrix, layer histograms, diagram. */
class ExperimentReportPageTest extends BrowserTest {
    @Test
    void finishedTrainingShowsItsInspectionCharts() {
        Page page = browser.newPage();
        BrowserSession.signIn(page, server, TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        page.navigate(server.url("/experiments/new?model=seminar-cnn&dataset=synthetic"));
        page.fill("input[name=epochs]", "2");
        page.click("#train-button");
        page.waitForURL("**/experiments/*");
        // the status fragment reloads the page when the job is done; the report then appears
        page.waitForSelector("#report", new Page.WaitForSelectorOptions().setTimeout(180_000));

        assertEquals("true", page.locator("#class-chart").getAttribute("data-drawn"));
        page.waitForFunction("() => document.getElementById('loss-chart').dataset.epochs === '2'");
        assertEquals(10, page.locator("#confusion tbody tr").count(), "one row per class");
        assertTrue(page.locator("#epochs tbody tr").count() == 2, "one row per epoch");
        assertTrue(Long.parseLong(page.locator("#metric-macs").textContent().replace(",", "")) > 0);
        assertTrue(page.locator("svg.model-diagram g.node").count() > 5, "the ModelSpec is drawn");

        String first = page.locator("#weights-chart").getAttribute("data-layer");
        page.locator(".layer-row").last().click();
        String last = page.locator("#weights-chart").getAttribute("data-layer");
        assertTrue(first != null && last != null && !first.equals(last), first + " -> " + last);
        page.selectOption("#layer-select", first);
        assertEquals(first, page.locator("#weights-chart").getAttribute("data-layer"));
        page.screenshot(new Page.ScreenshotOptions().setPath(BrowserSession.SCREENSHOTS.resolve("experiment-report.png"))
                .setFullPage(true));
    }

    @Test
    void modelsPageDrawsEveryZooModel() {
        Page page = browser.newPage();
        BrowserSession.signIn(page, server, TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        page.navigate(server.url("/models"));
        for (String model : new String[] {"mlp", "small-cnn", "seminar-cnn", "lenet5", "resnet-mini",
                "mobilenetv2-mini", "early-exit-cnn"}) {
            assertTrue(page.locator("#model-" + model + " svg.model-diagram").isVisible(), model);
        }
        page.screenshot(new Page.ScreenshotOptions().setPath(BrowserSession.SCREENSHOTS.resolve("models.png")));
    }
}
