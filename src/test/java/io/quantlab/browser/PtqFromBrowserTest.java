package io.quantlab.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import com.microsoft.playwright.options.SelectOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Lab 3 from the browser: quantize a finished training, watch the job, read the FP32-vs-INT8 page. */
class PtqFromBrowserTest extends BrowserTest {
    /** "running: calibrating" from the live status, read at once (htmx may swap it between two reads). */
    private static final String STATUS_AND_PHASE = "() => { const s = document.getElementById('status');"
            + " const p = document.querySelector('.progress-label');"
            + " return s ? s.textContent.trim() + (p ? ': ' + p.textContent.trim().split(' ')[0] : '') : null; }";
    static long trainingId;

    @BeforeAll
    static void aFinishedTinyTraining() {
        trainingId = instructorsTinyTraining();
    }

    @Test
    void quantizeFromTheTrainingPageAndCompareWithFp32() {
        Page page = watchedPage();
        page.navigate(server.url("/experiments/" + trainingId));
        page.click("#quantize-button");
        page.waitForURL("**/experiments/" + trainingId + "/quantize");
        assertEquals("static", page.inputValue("select[name=mode]"));
        assertEquals("8", page.inputValue("input[name=weightBits]"));
        assertEquals("8", page.inputValue("input[name=activationBits]"));
        assertEquals("per-channel", page.inputValue("select[name=granularity]"));
        assertEquals("10", page.inputValue("input[name=calibrationBatches]"));
        assertViolations(page);
        page.fill("input[name=seed]", "1"); // a setting no other test asks for: an identical one would be reused at once
        page.click("#ptq-submit");
        page.waitForURL("**/experiments/*");
        long id = experimentIdOf(page);
        assertTrue(id != trainingId, "a new experiment");

        List<String> seen = watchUntil(page, "#ptq-table", STATUS_AND_PHASE, 120);
        assertTrue(page.locator("#ptq-table").isVisible(), "the comparison appears when the job is done: " + seen);
        assertEquals("done", page.locator("#status").textContent().trim());
        assertTrue(seen.get(0).startsWith("queued") || seen.get(0).startsWith("running"),
                "the live status shows before the result: " + seen);
        assertTrue(page.locator("#parent-link").getAttribute("href").endsWith("/experiments/" + trainingId));
        double fp32 = percent(page.locator("#fp32-accuracy").textContent());
        double deployed = percent(page.locator("#ptq-deployed-accuracy").textContent());
        double simulated = percent(page.locator("#ptq-accuracy").textContent());
        assertTrue(fp32 > 30 && Math.abs(deployed - fp32) < 2 && Math.abs(simulated - fp32) < 2,
                fp32 + " / " + deployed + " / " + simulated);
        assertTrue(page.locator("#ptq-latency-batch").textContent().matches("\\d+\\.\\d+ ms \\(p90 \\d+\\.\\d+ ms\\)"),
                page.locator("#ptq-latency-batch").textContent());
        assertTrue(page.locator("#ptq-speedup").textContent().matches("\\d+\\.\\d\\d× · \\d+\\.\\d\\d×"));
        assertTrue(page.locator("#ptq-compression").textContent().matches("[3-4]\\.\\d\\d×"),
                "an INT8 file is about a quarter of the FP32 one: " + page.locator("#ptq-compression").textContent());
        assertEquals("true", page.locator("#ptq-chart").getAttribute("data-drawn"));
        assertTrue(percent(page.locator("#top1-agreement").textContent()) >= 99);
        assertTrue(page.locator("#speed-note").textContent().contains("1.3–2×"));
        assertTrue(page.locator("#calibration-table tbody tr").count() >= 1, "one row per calibrated activation");
        theLayerByLayerAnalysisIsDrawn(page);
        for (String link : List.of("#download-model", "#download-fp32", "#download-quantization")) {
            APIResponse answer = page.request().get(server.url(page.locator(link).getAttribute("href")));
            assertEquals(200, answer.status(), link);
            assertTrue(answer.body().length > 100, link);
        }
        assertViolations(page);
        page.screenshot(new Page.ScreenshotOptions().setPath(BrowserSession.SCREENSHOTS.resolve("ptq.png"))
                .setFullPage(true));
    }

    @Test
    void fourBitActivationsAreLabelledSimulatedOnlyWithTheirPackedSize() {
        Page page = watchedPage();
        page.navigate(server.url("/experiments/" + trainingId + "/quantize"));
        page.fill("input[name=activationBits]", "4");
        page.click("#ptq-submit");
        page.waitForURL("**/experiments/*");
        page.waitForSelector("#ptq-table", new Page.WaitForSelectorOptions().setTimeout(120_000));
        assertTrue(page.locator("#simulated-only").textContent().contains("Simulated only"));
        assertTrue(page.locator("#simulated-only").textContent().contains("W8A4"));
        assertEquals("– (not deployed)", page.locator("#ptq-deployed-accuracy").textContent());
        assertEquals("–", page.locator("#ptq-latency-batch").textContent());
        assertTrue(percent(page.locator("#ptq-accuracy").textContent()) > 10);
        assertTrue(page.locator("#ptq-table").textContent().contains("Size (bit-packed)"));
        assertTrue(page.locator("#ptq-compression").textContent().matches("\\d+\\.\\d\\d×"));
        assertEquals(0, page.locator("#download-model").count(), "no INT8 file to download");
        assertEquals(0, page.locator("#sim-vs-deployed").count());
        assertEquals("true", page.locator("#sensitivity-chart").getAttribute("data-drawn"), "simulated ones are analysed too");
        assertEquals("true", page.locator("#ptq-chart").getAttribute("data-drawn"));
        assertViolations(page);
    }

    /** Queued behind a training on the one worker, so the cancel lands before the job could finish. */
    @Test
    void aQueuedQuantizationCanBeCancelledFromItsPage() {
        Page page = watchedPage();
        startTrainingFromTheForm(page, "mlp", "synthetic", 20, 2000);
        String training = page.url();
        page.navigate(server.url("/experiments/" + trainingId + "/quantize"));
        page.fill("input[name=seed]", "5");
        page.click("#ptq-submit");
        page.waitForURL("**/experiments/*");
        assertTrue(page.locator("#experiment-status").textContent().contains("in the queue"),
                page.locator("#experiment-status").textContent());
        page.click("#cancel-button");
        page.waitForFunction("() => ['done', 'failed', 'cancelled'].includes(document.getElementById('status')"
                + ".textContent.trim())", null, new Page.WaitForFunctionOptions().setTimeout(60_000));
        assertEquals("cancelled", page.locator("#status").textContent().trim());
        assertEquals(0, page.locator("#ptq-table").count(), "a cancelled quantization has no result");
        assertViolations(page);
        page.navigate(training);
        page.click("#cancel-button"); // the other tests' jobs need the worker
        page.waitForFunction("() => document.getElementById('status').textContent.trim() !== 'running'");
    }

    @Test
    void theFourVariantsShowAsOneTableAndChart() {
        Page page = watchedPage();
        page.navigate(server.url("/experiments/" + trainingId + "/quantize"));
        page.click("#variants-button");
        page.waitForURL("**/experiments/*");
        page.waitForSelector("#variants-table", new Page.WaitForSelectorOptions().setTimeout(120_000));
        assertEquals(1, page.locator("#variants-table tr.fp32-row").count());
        assertEquals(4, page.locator("#variants-table tr.variant-row").count());
        for (String cell : page.locator("#variants-table tr.variant-row td:nth-child(2)").allTextContents()) {
            assertTrue(cell.matches(NUMBER_PERCENT), cell);
        }
        assertEquals("true", page.locator("#variants-chart").getAttribute("data-drawn"));
        assertViolations(page);
        page.screenshot(new Page.ScreenshotOptions().setPath(BrowserSession.SCREENSHOTS.resolve("ptq-variants.png"))
                .setFullPage(true));

        Response notATraining = page.navigate(page.url() + "/quantize");
        assertEquals(400, notATraining.status());
        assertTrue(page.textContent("main").contains("is a ptq-variants experiment; only a finished FP32 training"),
                page.textContent("main"));
    }

    @Test
    void aBadValueIsExplainedNextToItsFieldAndNothingTypedIsLost() {
        Page page = watchedPage();
        page.navigate(server.url("/experiments/" + trainingId + "/quantize"));
        page.fill("input[name=weightBits]", "9");
        page.fill("input[name=calibrationBatches]", "7");
        page.selectOption("select[name=activationRange]", "kl");
        Response answer = page.waitForNavigation(() -> page.click("#ptq-submit"));
        assertEquals(400, answer.status());
        assertTrue(page.locator("#error-weightBits").textContent().contains("weightBits must be between 2 and 8"),
                page.locator("#error-weightBits").textContent());
        assertEquals("9", page.inputValue("input[name=weightBits]"));
        assertEquals("7", page.inputValue("input[name=calibrationBatches]"));
        assertEquals("kl", page.inputValue("select[name=activationRange]"));

        page.fill("#variants-form input[name=calibrationBatches]", "0");
        answer = page.waitForNavigation(() -> page.click("#variants-button"));
        assertEquals(400, answer.status());
        assertTrue(page.locator("#error-variants").textContent().contains("calibrationBatches"));
        assertEquals("0", page.inputValue("#variants-form input[name=calibrationBatches]"));
        assertViolations(page);
        page.screenshot(new Page.ScreenshotOptions().setPath(BrowserSession.SCREENSHOTS.resolve("ptq-form.png"))
                .setFullPage(true));
    }

    @Test
    void lab3OpensTheLatestTrainingOrTheCourseBaselineButNoOtherStudentsTraining() {
        Page student = studentPage("Lab Three", "lab3-student@example.org", "student-password");
        assertEquals(404, student.navigate(server.url("/experiments/" + trainingId + "/quantize")).status());
        assertEquals(404, student.request().post(server.url("/experiments/" + trainingId + "/quantize"),
                RequestOptions.create().setHeader("X-CSRF-Token", csrf(student))
                        .setForm(FormData.create().set("weightBits", "8"))).status());
        student.navigate(server.url("/labs"));
        student.click("#open-lab-3");
        student.waitForSelector("#ptq-needs-training");

        Page teacher = instructorPage();
        teacher.click("#open-lab-3");
        teacher.waitForURL("**/experiments/" + trainingId + "/quantize");
        teacher.navigate(server.url("/experiments/" + trainingId));
        teacher.selectOption("#baseline-form select[name=courseId]", new SelectOption().setIndex(1));
        teacher.click("#baseline-form button[type=submit]");
        teacher.waitForSelector("#baseline-note");

        student.navigate(server.url("/labs"));
        student.click("#open-lab-3");
        student.waitForURL("**/experiments/" + trainingId + "/quantize");
        assertTrue(student.textContent("main").contains("a course baseline"));
        student.click("#ptq-submit");
        student.waitForSelector("#ptq-table", new Page.WaitForSelectorOptions().setTimeout(120_000));
        assertTrue(student.textContent("main").contains("By Lab Three"), "the student's own experiment");
    }

    /** Per-layer errors, one histogram chart per layer, the sensitivity ranking and its chart, the MCU estimate. */
    private static void theLayerByLayerAnalysisIsDrawn(Page page) {
        int layers = page.locator("#layer-error-table tbody tr").count();
        assertTrue(layers >= 1, "a row per quantized layer");
        assertTrue(page.locator("#layer-error-table tbody tr").first().textContent().matches("(?s).*\\d+\\.\\d dB.*"),
                page.locator("#layer-error-table tbody tr").first().textContent());
        assertEquals(layers, page.locator("canvas.weight-histogram[data-drawn=true]").count(), "a drawn histogram per layer");
        assertEquals(layers, page.locator("#sensitivity-table tbody tr").count());
        assertEquals("true", page.locator("#sensitivity-chart").getAttribute("data-drawn"));
        assertTrue(Integer.parseInt(page.locator("#sensitivity-images").textContent().trim()) > 0);
        assertTrue(page.locator("#mcu-note").textContent().contains("not a measurement"));
        assertTrue(page.locator("#mcu-flash").textContent().matches("[\\d,]+\\.\\d KB"),
                page.locator("#mcu-flash").textContent());
        assertTrue(page.locator("#mcu-chips").textContent().contains("Cortex-M4"));
    }

    private static String csrf(Page page) {
        return page.locator("meta[name=csrf-token]").getAttribute("content");
    }

    private final WatchedPages watched = new WatchedPages();

    private Page watchedPage() {
        return watched.open(browser, server);
    }

    private void assertViolations(Page page) {
        watched.assertNone(page);
    }
}
