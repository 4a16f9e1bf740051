package io.quantlab.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Lab 5 from the browser: compose a quantizer, watch its formulas follow the form, start it, get refused at a field. */
class ComposerFromBrowserTest extends BrowserTest {
    static long trainingId;
    private final WatchedPages watched = new WatchedPages();

    @BeforeAll
    static void aFinishedTinyTraining() {
        trainingId = instructorsTinyTraining();
    }

    @Test
    void theFormulasFollowTheFormWithoutAReloadAndTheCompositionStartsAJob() {
        Page page = watched.open(browser, server);
        page.navigate(server.url("/labs"));
        page.click("#open-lab-5");
        page.waitForURL("**/experiments/" + trainingId + "/quantizer");
        page.evaluate("() => { window.sameDocument = true; }");
        assertEquals("fc1", page.getAttribute("#formulas-body", "data-layer"));
        String grid8 = page.textContent("#part-grid");
        assertTrue(grid8.contains("2^8 = 256"), grid8);

        page.selectOption("select[name=weightBits]", "4");
        page.waitForFunction("() => document.getElementById('part-grid').textContent.includes('2^4 = 16')");
        String grid4 = page.textContent("#part-grid");
        assertNotEquals(scaleOf(grid8), scaleOf(grid4), "another scale at 4 bits");

        page.selectOption("select[name=range]", "clip-ratio");
        page.fill("input[name=clipRatio]", "0.5");
        page.dispatchEvent("input[name=clipRatio]", "change");
        page.waitForFunction("() => document.getElementById('part-range').textContent.includes('clip ratio r = 0.5')");
        assertTrue(page.textContent("#part-range").contains("fall outside the grid"), page.textContent("#part-range"));
        assertNotEquals(scaleOf(grid4), scaleOf(page.textContent("#part-grid")), "half the range, another scale");

        page.selectOption("select[name=weightQuantizer]", "lsq");
        page.waitForSelector("#part-lsq");
        assertTrue(page.textContent("#part-lsq").contains("g = 1/√(N·Qp)"), page.textContent("#part-lsq"));
        page.selectOption("#formula-layer", "fc2");
        page.waitForFunction("() => document.getElementById('formulas-body').dataset.layer === 'fc2'");
        assertTrue(page.textContent("#part-layer").contains("Linear fc2"), page.textContent("#part-layer"));
        assertEquals(true, page.evaluate("() => window.sameDocument === true"), "no reload while the form changed");
        watched.assertNone(page);
        page.screenshot(new Page.ScreenshotOptions().setPath(BrowserSession.SCREENSHOTS.resolve("composer.png"))
                .setFullPage(true));

        page.uncheck("input[name=layers][value=fc1]");
        page.click("#composer-submit");
        page.waitForURL("**/experiments/*");
        long id = experimentIdOf(page);
        assertNotEquals(trainingId, id, "a new experiment");
        assertEquals("lsq", page.textContent("#quantizer-weightQuantizer").trim());
        assertEquals("4", page.textContent("#quantizer-weightBits").trim());
        assertEquals("clip-ratio", page.textContent("#quantizer-range").trim());
        assertEquals("[fc2]", page.textContent("#quantizer-layers").trim());
        page.waitForSelector("#qat-table", new Page.WaitForSelectorOptions().setTimeout(120_000));
        assertTrue(percent(page.textContent("#qat-accuracy")) > 0);
        watched.assertNone(page);
    }

    @Test
    void anInvalidCompositionIsExplainedAtItsFieldLiveAndOnSubmit() {
        Page page = watched.open(browser, server);
        page.navigate(server.url("/experiments/" + trainingId + "/quantizer"));
        page.selectOption("select[name=activationQuantizer]", "pact");
        page.selectOption("select[name=activationBits]", "1");
        page.waitForSelector("#formulas-error");
        assertEquals("activationBits", page.getAttribute("#formulas-error", "data-field"));
        Response answer = page.waitForNavigation(() -> page.click("#composer-submit"));
        assertEquals(400, answer.status());
        String message = page.textContent("#error-activationBits");
        assertTrue(message.contains("activationBits"), message);
        assertEquals("pact", page.inputValue("select[name=activationQuantizer]"));
        assertEquals("1", page.inputValue("select[name=activationBits]"));
        watched.assertNone(page);
    }

    /** The scale s in the grid part's first line ("... = 0.0177, z = 0"). */
    private static String scaleOf(String grid) {
        return grid.replaceAll("(?s).*= ([0-9.e−]+), z =.*", "$1");
    }
}
