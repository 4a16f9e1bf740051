package io.quantlab.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.LoadState;
import io.quantlab.TestServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lab 1 in a browser: changing a control updates the table and the charts in place, and the address. */
class DiscretizeFromBrowserTest extends BrowserTest {
    @Test
    void changingControlsUpdatesTableAndChartsWithoutAReload() {
        Page page = browser.newPage();
        BrowserSession.signIn(page, server, TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        page.click("#open-lab-1");
        page.waitForURL("**/labs/discretize");
        page.waitForFunction("() => document.getElementById('chart-transfer')?.dataset.bits === '4'");
        assertEquals(4, page.locator("#results-table tbody tr").count());
        page.evaluate("() => { window.notReloaded = true; }");

        String mseAtFourBits = page.locator("#results-table tr[data-bits='4'] td:nth-child(9)").textContent();
        page.fill("#bits", "8,3");
        page.press("#bits", "Enter");
        page.waitForFunction("() => document.querySelectorAll('#results-table tbody tr').length === 2");
        page.waitForFunction("() => document.getElementById('chart-transfer')?.dataset.bits === '3'");
        assertTrue(page.url().contains("bits=8%2C3"), "the setup is in the address: " + page.url());

        page.selectOption("#range", "percentile");
        page.waitForFunction("() => document.getElementById('results-summary').textContent.includes('percentile')");
        page.click("button.chip:has-text('8 bits')");
        page.waitForFunction("() => document.getElementById('chart-overlay')?.dataset.bits === '8'");
        assertEquals("8", page.locator("#plot-bits").textContent());
        assertTrue(page.url().contains("plot=8") && page.url().contains("range=percentile"), page.url());
        assertNotEquals(mseAtFourBits, page.locator("#results-table tr[data-bits='8'] td:nth-child(9)").textContent());
        assertTrue(Integer.parseInt(page.locator("#chart-overlay").getAttribute("data-points")) > 100);

        page.fill("#number", "-2.5");
        page.press("#number", "Tab");
        page.waitForFunction("() => document.querySelector('#bit-table tr[data-format=FP32] .exponent')?.textContent === '10000000'");

        page.fill("#n", "0");
        page.press("#n", "Enter");
        page.waitForSelector("#discretize-results .alert");
        assertTrue(page.locator("#discretize-results .alert").textContent().contains("n: between 1 and 1,000,000"));
        assertEquals("8", page.inputValue("#plot"), "the drawn width survives the error");
        page.fill("#n", "10000");
        page.press("#n", "Enter");
        page.waitForSelector("#results-table");
        page.waitForFunction("() => document.getElementById('chart-histogram')?.dataset.bits === '8'");
        assertEquals(Boolean.TRUE, page.evaluate("() => window.notReloaded === true"), "no page reload");
        // 10,000 samples in a few hundred pixels are a solid block: the by-sample charts draw a window of
        // single samples, and all of them as an envelope beside it
        for (String id : new String[] {"chart-overlay", "chart-error"}) {
            assertEquals(List.of(0, 199), xRange(page, id), id + " draws the first 200 samples");
        }
        for (String id : new String[] {"chart-overlay-all", "chart-error-all"}) {
            assertEquals(List.of(0, 9999), xRange(page, id), id + " spans every sample");
        }
        page.screenshot(new Page.ScreenshotOptions().setPath(BrowserSession.SCREENSHOTS.resolve("discretize.png"))
                .setFullPage(true));

        page.navigate(page.url());
        page.waitForFunction("() => document.getElementById('chart-overlay')?.dataset.bits === '8'");
        assertEquals("8,3", page.inputValue("#bits"), "opening the address restores the setup");
        assertEquals("percentile", page.inputValue("#range"));

        String latest = page.url();
        page.evaluate("() => { window.notReloaded = true; history.go(-4); }");
        page.waitForFunction("(latest) => location.href !== latest", latest);
        page.waitForFunction("() => { const q = new URLSearchParams(location.search);"
                + " return document.getElementById('chart-transfer')?.dataset.bits === q.get('plot')"
                + " && document.getElementById('bits').value === q.get('bits')"
                + " && document.getElementById('range').value === q.get('range'); }");
        assertTrue(page.url().contains("plot=3"), "back shows an earlier setup, drawn at 3 bits: " + page.url());
        assertEquals(Boolean.TRUE, page.evaluate("() => window.notReloaded === true"), "without a reload");
    }

    /**
     * A busy server's answer (429 or 503, made here by the browser's request routing: holding 64 MB of
     * bodies in flight from a page is not practical) shows in place of the results, not nothing.
     */
    @Test
    void aBusyAnswerShowsInPlaceOfTheResults() {
        Page page = browser.newPage();
        BrowserSession.signIn(page, server, TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        page.navigate(server.url("/labs/discretize"));
        page.waitForSelector("#results-table");
        page.route("**/labs/discretize/results", route -> route.fulfill(new Route.FulfillOptions().setStatus(429)
                .setHeaders(java.util.Map.of("Retry-After", "2", "Content-Type", "text/html; charset=utf-8"))
                .setBody("<div class=\"alert\" role=\"alert\">you have other large requests under way</div>")));
        page.fill("#n", "2000");
        page.press("#n", "Enter");
        page.waitForSelector("#discretize-results .alert");
        assertTrue(page.locator("#discretize-results .alert").textContent().contains("other large requests"));
    }

    @Test
    void enterInATextFieldSendsOneRequestAndAbortsNone() {
        Page page = instructorPage();
        page.navigate(server.url("/labs/discretize"));
        page.waitForFunction("() => document.getElementById('chart-transfer')?.dataset.bits === '4'");
        page.evaluate("() => { window.sent = 0; window.aborted = 0;"
                + " document.addEventListener('htmx:beforeSend', () => window.sent++);"
                + " document.addEventListener('htmx:sendAbort', () => window.aborted++); }");
        for (String[] field : new String[][] {{"#bits", "8,3"}, {"#n", "5000"}, {"#seed", "7"}}) {
            page.fill(field[0], field[1]);
            page.press(field[0], "Enter");
            page.waitForFunction("(n) => document.getElementById('results-summary').textContent.includes(n)"
                    + " && !document.querySelector('#discretize-form.htmx-request')", field[0].equals("#n") ? "5,000" : "");
        }
        page.waitForLoadState(LoadState.NETWORKIDLE);
        assertEquals(0, ((Number) page.evaluate("() => window.aborted")).intValue(), "no request aborted");
        assertEquals(3, ((Number) page.evaluate("() => window.sent")).intValue(), "one request per Enter");
        assertEquals(2, page.locator("#results-table tbody tr").count());
    }

    /** The smallest and largest sample index a chart's x axis shows. */
    private static List<Integer> xRange(Page page, String canvasId) {
        @SuppressWarnings("unchecked")
        List<Number> range = (List<Number>) page.evaluate("(id) => { const x = Chart.getChart(id).scales.x;"
                + " return [x.min, x.max]; }", canvasId);
        return range.stream().map(Number::intValue).toList();
    }
}
