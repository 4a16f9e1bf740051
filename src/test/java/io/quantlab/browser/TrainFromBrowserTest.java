package io.quantlab.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import io.quantlab.TestServer;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** A signed-in user trains a model from the browser and watches it finish. */
class TrainFromBrowserTest extends BrowserTest {
    @Test
    void trainingShowsAMovingProgressBarThenTheMetrics() throws Exception {
        Page page = browser.newPage();
        BrowserSession.signIn(page, server, TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        page.click("text=Train a model");
        page.waitForURL("**/experiments/new");
        boolean fashion = TestServer.trainingDataset().equals("fashion-mnist");
        page.selectOption("select[name=dataset]", TestServer.trainingDataset());
        page.selectOption("select[name=model]", "mlp");
        page.fill("input[name=epochs]", fashion ? "3" : "40");
        page.fill("input[name=trainSubset]", fashion ? "60000" : "2000");
        page.click("#train-button");
        page.waitForURL("**/experiments/*");

        TreeSet<Double> seen = new TreeSet<>();
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline && page.locator("#metrics").count() == 0) {
            if (page.locator("#progress").count() > 0) {
                String value = page.locator("#progress").getAttribute("value");
                if (value != null) {
                    seen.add(Double.parseDouble(value));
                }
            }
            page.waitForTimeout(250);
        }
        assertTrue(page.locator("#metrics").isVisible(), "metrics appear when training is done");
        assertTrue(seen.size() >= 2, "the progress bar moved: " + seen);
        assertEquals("done", page.locator("#status").textContent().trim());
        String accuracy = page.locator("#metric-accuracy").textContent();
        assertTrue(accuracy.matches("\\d+\\.\\d\\d %"), accuracy);
        assertTrue(Double.parseDouble(accuracy.replace(" %", "")) > (fashion ? 80 : 30), accuracy);
        assertTrue(page.locator("#metric-latency-batch").textContent().endsWith("ms"));
        assertTrue(page.locator("#metric-size").textContent().endsWith("KB"));
        page.waitForFunction("() => Number(document.getElementById('loss-chart').dataset.points || 0) >= 2");
        page.screenshot(new Page.ScreenshotOptions().setPath(BrowserSession.SCREENSHOTS.resolve("experiment.png"))
                .setFullPage(true));
    }

    @Test
    void badFormValueIsExplainedAndTheFormKeepsWhatWasTyped() {
        Page page = browser.newPage();
        BrowserSession.signIn(page, server, TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        page.navigate(server.url("/experiments/new"));
        page.fill("input[name=epochs]", "0");
        page.fill("input[name=learningRate]", "0.005");
        page.click("#train-button");
        assertTrue(page.locator("#form-error").textContent().contains("epochs"));
        assertEquals("0", page.inputValue("input[name=epochs]"));
        assertEquals("0.005", page.inputValue("input[name=learningRate]"));
        page.screenshot(new Page.ScreenshotOptions().setPath(BrowserSession.SCREENSHOTS.resolve("train-form.png")));
    }
}
