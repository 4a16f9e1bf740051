package io.quantlab.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Lab 5's mixed precision from the browser: a size budget, per-layer widths chosen, fine-tuned, shown. */
class MixedPrecisionFromBrowserTest extends BrowserTest {
    static long trainingId;

    @BeforeAll
    static void aFinishedTinyTraining() {
        Page page = instructorPage();
        trainingId = trainFromTheForm(page, "mlp", "synthetic", 1, 2000);
        page.context().close();
    }

    @Test
    void searchTheWidthsForHalfTheEightBitSizeThenSeeThemPerLayer() {
        Page page = watchedPage();
        page.navigate(server.url("/experiments/" + trainingId));
        page.click("#mixed-button");
        page.waitForURL("**/experiments/" + trainingId + "/mixed-precision");
        long int8 = bytes(page.locator("#int8-size + td").textContent());
        long fp32 = bytes(page.locator("#fp32-size + td").textContent());
        assertTrue(fp32 > 3 * int8, fp32 + " vs " + int8);
        assertEquals(String.valueOf(int8 / 2), page.inputValue("input[name=sizeBudgetBytes]"),
                "the budget starts at half the 8-bit size");
        assertTrue(page.textContent("#mixed-form").contains("half the 8-bit size"));
        for (String bits : List.of("8", "4", "2")) {
            assertTrue(page.isChecked("input[name=candidateBits][value='" + bits + "']"), bits);
        }
        assertTrue(!page.isChecked("input[name=candidateBits][value='6']"));
        assertEquals("1", page.inputValue("input[name=epochs]"));
        assertViolations(page);
        page.click("#mixed-submit");
        page.waitForURL("**/experiments/*");
        long id = experimentIdOf(page);
        assertTrue(id != trainingId, "a new experiment");

        List<String> seen = watchUntil(page, "#bits-table", LIVE_STATUS, 180);
        assertTrue(page.locator("#bits-table").isVisible(), "the widths appear when the job is done: " + seen);
        assertTrue(seen.get(0).startsWith("queued") || seen.get(0).startsWith("running"),
                "the live status shows before the result: " + seen);
        assertEquals("done", page.locator("#status").textContent().trim());

        Locator rows = page.locator("#bits-table tbody tr[data-layer]");
        assertTrue(rows.count() >= 2, "one row per layer of the MLP");
        List<String> widths = page.locator("#bits-table .layer-bits").allTextContents();
        assertTrue(Set.of("8", "4", "2").containsAll(widths) && !widths.stream().allMatch("8"::equals),
                "half the 8-bit size needs narrower layers: " + widths);
        assertTrue(page.locator("#within-budget").textContent().endsWith("within the budget"));
        assertTrue(page.locator("#steps-table tbody tr").count() >= 1);
        double fp32Accuracy = percent(page.locator("#fp32-accuracy").textContent());
        double before = percent(page.locator("#before-accuracy").textContent());
        double after = percent(page.locator("#after-accuracy").textContent());
        assertTrue(fp32Accuracy > 30 && before > 10 && after > 10, fp32Accuracy + " / " + before + " / " + after);
        assertEquals("true", page.locator("#bits-chart").getAttribute("data-drawn"));
        assertEquals("true", page.locator("#accuracy-chart").getAttribute("data-drawn"));
        assertTrue(Integer.parseInt(page.locator("#loss-chart").getAttribute("data-points")) > 0,
                "the fine-tuning's loss curve is drawn");
        assertViolations(page);
        page.screenshot(new Page.ScreenshotOptions().setPath(BrowserSession.SCREENSHOTS.resolve("mixed-precision.png"))
                .setFullPage(true));
    }

    @Test
    void aBudgetBelowTheSmallestSizeIsExplainedAtItsFieldAndNothingTypedIsLost() {
        Page page = watchedPage();
        page.navigate(server.url("/experiments/" + trainingId + "/mixed-precision"));
        long smallest = bytes(page.locator("#int2-size + td").textContent());
        page.fill("input[name=sizeBudgetBytes]", "100");
        page.fill("input[name=epochs]", "2");
        page.uncheck("input[name=candidateBits][value='2']");
        page.check("input[name=candidateBits][value='6']");
        Response answer = page.waitForNavigation(() -> page.click("#mixed-submit"));
        assertEquals(400, answer.status());
        String error = page.locator("#error-sizeBudgetBytes").textContent();
        assertTrue(error.contains("cannot be met") && error.contains("every layer at 4 bits"), error);
        assertTrue(bytes(error.replaceAll(".*packs to is (\\d+) bytes.*", "$1 bytes")) > smallest, error);
        assertEquals("100", page.inputValue("input[name=sizeBudgetBytes]"));
        assertEquals("2", page.inputValue("input[name=epochs]"));
        assertTrue(page.isChecked("input[name=candidateBits][value='6']"));
        assertTrue(!page.isChecked("input[name=candidateBits][value='2']"));
        assertViolations(page);
    }

    /** "1234 bytes" as the form's size table writes it. */
    private static long bytes(String text) {
        assertTrue(text.trim().matches("\\d+ bytes"), text);
        return Long.parseLong(text.trim().replace(" bytes", ""));
    }

    private final WatchedPages watched = new WatchedPages();

    private Page watchedPage() {
        return watched.open(browser, server);
    }

    private void assertViolations(Page page) {
        watched.assertNone(page);
    }
}
