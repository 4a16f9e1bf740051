package io.quantlab.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lab 5 from the browser: sweep a finished training's weight width with PTQ, plain QAT and a
 * composed quantizer, then read every point, the accuracy-vs-bits chart and the weight histograms.
 */
class SweepFromBrowserTest extends BrowserTest {
    /** "running | W8 QAT: training (8/32) · step 70 of 156 · …" from the live status, read at once. */
    private static final String STATUS_AND_PROGRESS = "() => { const s = document.getElementById('status');"
            + " const p = document.querySelector('.progress-label');"
            + " return s ? s.textContent.trim() + (p ? ' | ' + p.textContent.trim().replace(/\\s+/g, ' ') : '') : null; }";
    private static final String CHART = "(id) => { const c = Chart.getChart(document.getElementById(id));"
            + " return { labels: c.data.labels, lines: c.data.datasets.map((d) => d.label),"
            + " points: c.data.datasets.map((d) => d.data.length) }; }";
    private static final String HISTOGRAMS = "() => [...document.querySelectorAll('#sweep-histograms canvas')]"
            + ".map((c) => c.dataset.bits + ':' + JSON.stringify(Chart.getChart(c).data.datasets[1].data))";
    static long trainingId;

    @BeforeAll
    static void aFinishedTinyTraining() {
        trainingId = instructorsTinyTraining();
    }

    @Test
    void sweepFromTheTrainingPageThenChartEveryPointAndTheHistogramsAtEachWidth() {
        Page page = watchedPage();
        page.navigate(server.url("/labs"));
        page.click("#open-lab-5-sweep");
        page.waitForURL("**/experiments/*/sweep");
        page.navigate(server.url("/experiments/" + trainingId + "/qat"));
        page.click("#sweep-link");
        page.waitForURL("**/experiments/" + trainingId + "/sweep");
        page.navigate(server.url("/experiments/" + trainingId));
        page.click("#sweep-button");
        page.waitForURL("**/experiments/" + trainingId + "/sweep");
        assertEquals(List.of("8", "4", "2"), ticked(page), "8, 4 and 2 bits by default");
        assertEquals("8", page.inputValue("input[name=activationBits]"));
        assertEquals("1", page.inputValue("input[name=epochs]"));
        assertEquals("ste", page.inputValue("select[name=weightQuantizer]"));
        assertViolations(page);
        page.uncheck("input[name=bits][value='4']");
        page.selectOption("select[name=gradient]", "identity");
        page.fill("input[name=seed]", "5"); // no other test's sweep is its twin: it computes, it is not a copy
        page.fill("input[name=epochs]", "8"); // on the tiny synthetic set one epoch each ran the whole job in ~2 s,
                                              // between two refreshes of its status: too quick to watch a phase
        page.click("#sweep-submit");
        page.waitForURL("**/experiments/*");
        long id = experimentIdOf(page);
        assertNotEquals(trainingId, id);

        List<String> seen = watchUntil(page, "#sweep-table", STATUS_AND_PROGRESS, 180);
        assertTrue(page.locator("#sweep-table").isVisible(), "the points appear when the job is done: " + seen);
        assertTrue(seen.get(0).startsWith("queued") || seen.get(0).startsWith("running"), seen.toString());
        assertTrue(seen.stream().anyMatch(s -> s.matches("running \\| .*\\(\\d+/32\\) · step \\d+ of \\d+.*")),
                "the bar names its phase, i of n: " + seen);
        assertEquals("done", page.locator("#status").textContent().trim());

        assertEquals(6, page.locator("#sweep-table tr[data-method]").count(), "three methods at two widths");
        double fp32 = percent(page.locator("#fp32-accuracy").textContent());
        for (String method : List.of("ptq", "qat", "custom")) {
            String eight = "#point-" + method + "-8";
            double deployed = percent(page.locator(eight + " .deployed").textContent());
            assertTrue(Math.abs(deployed - percent(page.locator(eight + " .accuracy").textContent())) < 2,
                    method + " at 8 bits: deployed close to simulated");
            assertTrue(Math.abs(deployed - fp32) < 5, method + " at 8 bits: " + deployed + " vs FP32 " + fp32);
            assertEquals("– (simulated)", page.locator("#point-" + method + "-2 .deployed").textContent().trim());
            percent(page.locator("#point-" + method + "-2 .accuracy").textContent());
            assertTrue(page.locator("#point-" + method + "-2 .delta").textContent().matches("[+-]\\d+\\.\\d\\d pt"));
        }
        assertEquals("custom ste", page.locator("#point-custom-2 th").textContent().trim());

        assertEquals("true", page.locator("#sweep-chart").getAttribute("data-drawn"));
        @SuppressWarnings("unchecked")
        Map<String, Object> chart = (Map<String, Object>) page.evaluate(CHART, "sweep-chart");
        assertEquals(List.of("8 bits", "2 bits"), chart.get("labels"));
        assertEquals(List.of("PTQ static per-channel", "QAT", "custom ste", "FP32"), chart.get("lines"));
        assertEquals(List.of(2, 2, 2, 2), chart.get("points"), "every method at both widths, FP32 across");

        assertEquals(List.of("8", "2"), page.locator("#histogram-width option").allTextContents().stream()
                .map(t -> t.replace(" bits", "")).toList());
        int layers = page.locator("#sweep-histograms canvas.weight-histogram").count();
        assertTrue(layers >= 2, "a chart per layer of the MLP: " + layers);
        @SuppressWarnings("unchecked")
        List<String> atEight = (List<String>) page.evaluate(HISTOGRAMS);
        assertTrue(atEight.stream().allMatch(h -> h.startsWith("8:")), atEight.toString());
        page.selectOption("#histogram-width", "2");
        @SuppressWarnings("unchecked")
        List<String> atTwo = (List<String>) page.evaluate(HISTOGRAMS);
        assertTrue(atTwo.stream().allMatch(h -> h.startsWith("2:")), atTwo.toString());
        assertNotEquals(atEight.get(0).substring(2), atTwo.get(0).substring(2), "the quantized weights differ by width");

        APIResponse fp32File = page.request().get(server.url(page.locator("#download-fp32").getAttribute("href")));
        assertEquals(200, fp32File.status());
        assertViolations(page);
        page.screenshot(new Page.ScreenshotOptions().setPath(BrowserSession.SCREENSHOTS.resolve("sweep.png"))
                .setFullPage(true));

        page.setViewportSize(390, 844);
        page.reload();
        assertEquals(Boolean.TRUE, page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"),
                "the sweep's page fits a phone");
        assertViolations(page);
    }

    @Test
    void aBadValueIsExplainedNextToItsFieldAndNothingTypedIsLost() {
        Page page = watchedPage();
        page.navigate(server.url("/experiments/" + trainingId + "/sweep"));
        for (String b : List.of("8", "4", "2")) {
            page.uncheck("input[name=bits][value='" + b + "']");
        }
        page.check("input[name=bits][value='3']");
        page.fill("input[name=activationBits]", "9");
        page.selectOption("select[name=range]", "percentile");
        Response answer = page.waitForNavigation(() -> page.click("#sweep-submit"));
        assertEquals(400, answer.status());
        assertTrue(page.locator("#error-activationBits").textContent().contains("activationBits must be between"),
                page.locator("#error-activationBits").textContent());
        assertEquals(List.of("3"), ticked(page));
        assertEquals("9", page.inputValue("input[name=activationBits]"));
        assertEquals("percentile", page.inputValue("select[name=range]"));

        page.uncheck("input[name=bits][value='3']");
        page.fill("input[name=activationBits]", "8");
        answer = page.waitForNavigation(() -> page.click("#sweep-submit"));
        assertEquals(400, answer.status());
        assertTrue(page.locator("#error-bits").textContent().contains("at least one"),
                page.locator("#error-bits").textContent());
        assertViolations(page);
    }

    private static List<String> ticked(Page page) {
        return page.locator("input[name=bits]:checked").all().stream().map(l -> l.getAttribute("value")).toList();
    }

    private final WatchedPages watched = new WatchedPages();

    private Page watchedPage() {
        return watched.open(browser, server);
    }

    private void assertViolations(Page page) {
        watched.assertNone(page);
    }
}
