package io.quantlab.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.RequestOptions;
import io.quantlab.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The leaderboard of two students of one course, with results made by real jobs through the API:
 * filters swapped by htmx, the Pareto chart drawn, rows linking to what the viewer may open, and
 * nothing the Content-Security-Policy blocks or the console complains about.
 */
class LeaderboardFromBrowserTest extends BrowserTest {
    private static final String WATCH_POLICY = "window.cspViolations = [];"
            + "document.addEventListener('securitypolicyviolation',"
            + " (e) => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));";

    @Test
    void aStudentFiltersHerCoursesBoardAndOpensHerOwnRow() {
        Page ada = student("Ada", "ada@example.org");
        Page bob = student("Bob", "bob@example.org");
        String adaToken = token(ada, "ada@example.org");
        String bobToken = token(bob, "bob@example.org");
        long adaMlp = start(ada, adaToken, "{\"kind\":\"train\",\"dataset\":\"synthetic\",\"model\":\"mlp\",\"trainSubset\":500}");
        long adaCnn = start(ada, adaToken,
                "{\"kind\":\"train\",\"dataset\":\"synthetic\",\"model\":\"small-cnn\",\"trainSubset\":500}");
        long bobMlp = start(bob, bobToken, "{\"kind\":\"train\",\"dataset\":\"synthetic\",\"model\":\"mlp\",\"trainSubset\":500}");
        for (long id : new long[] {adaMlp, adaCnn}) {
            awaitDone(ada, adaToken, id);
        }
        awaitDone(bob, bobToken, bobMlp);
        long adaPtq = start(ada, adaToken, "{\"kind\":\"ptq\",\"parent\":" + adaMlp + "}");
        long adaW4 = start(ada, adaToken, "{\"kind\":\"ptq\",\"parent\":" + adaMlp
                + ",\"weightBits\":4,\"activationBits\":4,\"granularity\":\"per-tensor\"}");
        long bobVariants = start(bob, bobToken, "{\"kind\":\"ptq-variants\",\"parent\":" + bobMlp + "}");
        awaitDone(ada, adaToken, adaPtq);
        awaitDone(ada, adaToken, adaW4);
        awaitDone(bob, bobToken, bobVariants);

        List<String> problems = new CopyOnWriteArrayList<>();
        ada.addInitScript(WATCH_POLICY);
        ada.onConsoleMessage(m -> {
            if ("error".equals(m.type())) {
                problems.add(ada.url() + ": " + m.text());
            }
        });
        ada.onPageError(e -> problems.add(ada.url() + ": " + e));
        ada.navigate(server.url("/leaderboard"));

        assertEquals("mlp", ada.inputValue("select[name=model]"), "the most common pair first");
        assertEquals(6, ada.locator("#board-table tbody tr").count(),
                "Ada's and Bob's FP32 mlp, Ada's two PTQs, Bob's best variant per tensor and per channel");
        ada.waitForFunction("() => document.getElementById('pareto-chart').dataset.drawn === 'true'");
        assertEquals("6", ada.locator("#pareto-chart").getAttribute("data-points"));
        List<String> bobsVariants = ada.locator("tr[data-experiment='" + bobVariants + "']").allInnerTexts();
        assertEquals(2, bobsVariants.size(), bobsVariants.toString());
        assertTrue(bobsVariants.stream().anyMatch(r -> r.contains("PTQ static per-tensor") && r.contains("BN ")),
                bobsVariants.toString());
        assertTrue(bobsVariants.stream().anyMatch(r -> r.contains("PTQ static per-channel") && r.contains("BN ")),
                bobsVariants.toString());
        String ptqRow = ada.locator("tr[data-experiment='" + adaPtq + "']").innerText();
        assertTrue(ptqRow.contains("PTQ static per-channel") && ptqRow.contains("W8A8") && ptqRow.contains(" pt")
                && ptqRow.contains("×") && !ptqRow.contains("simulated"), ptqRow);
        String w4Row = ada.locator("tr[data-experiment='" + adaW4 + "']").innerText();
        assertTrue(w4Row.contains("PTQ static per-tensor") && w4Row.contains("W4A4") && w4Row.contains("simulated"),
                w4Row);
        assertEquals(1, ada.locator("tr[data-experiment='" + adaPtq + "'] a[href='/experiments/" + adaPtq + "']").count());
        assertEquals(1, ada.locator("tr[data-experiment='" + adaMlp + "'] a[href='/experiments/" + adaMlp + "']").count());
        assertEquals(0, ada.locator("tr[data-experiment='" + bobMlp + "'] a").count(), "a classmate's numbers only");

        ada.selectOption("select[name=model]", "small-cnn");
        ada.waitForURL("**/leaderboard?dataset=synthetic&model=small-cnn**");
        ada.waitForFunction("() => document.querySelectorAll('#board-table tbody tr').length === 1");
        ada.waitForFunction("() => document.getElementById('pareto-chart').dataset.points === '1'");

        ada.click("tr[data-experiment='" + adaCnn + "'] a");
        ada.waitForURL("**/experiments/" + adaCnn);
        assertEquals(List.of(), ada.evaluate("() => window.cspViolations"), ada.url());

        ada.navigate(server.url("/leaderboard?dataset=synthetic&model=mlp"));
        assertEquals(6, ada.locator("#board-table tbody tr").count());
        ada.screenshot(new Page.ScreenshotOptions().setPath(BrowserSession.SCREENSHOTS.resolve("leaderboard.png"))
                .setFullPage(true));
        assertEquals(List.of(), ada.evaluate("() => window.cspViolations"), ada.url());
        assertEquals(List.of(), problems);

        assertEquals(400, ada.navigate(server.url("/leaderboard?dataset=No%20Such!")).status());
        assertTrue(ada.content().contains("dataset"), "the refusal names the field");
    }

    private static Page student(String name, String email) {
        Page page = browser.newPage();
        page.navigate(server.url("/register?code=" + server.joinCode()));
        page.fill("input[name=name]", name);
        page.fill("input[name=email]", email);
        page.fill("input[name=password]", "student-password");
        page.click("button[type=submit]");
        page.waitForURL("**/course");
        return page;
    }

    private static String token(Page page, String email) {
        APIResponse r = page.request().post(server.url("/api/tokens"), RequestOptions.create()
                .setHeader("Content-Type", "application/json")
                .setData("{\"email\":\"" + email + "\",\"password\":\"student-password\"}"));
        assertEquals(201, r.status(), r.text());
        return Json.read(r.text(), JsonNode.class).get("token").asText();
    }

    private static long start(Page page, String token, String json) {
        APIResponse r = page.request().post(server.url("/api/experiments"), RequestOptions.create()
                .setHeader("Authorization", "Bearer " + token).setHeader("Content-Type", "application/json")
                .setData(json));
        assertEquals(202, r.status(), r.text());
        return Json.read(r.text(), JsonNode.class).get("id").asLong();
    }

    private static void awaitDone(Page page, String token, long id) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        String status = null;
        while (Instant.now().isBefore(deadline)) {
            APIResponse r = page.request().get(server.url("/api/experiments/" + id),
                    RequestOptions.create().setHeader("Authorization", "Bearer " + token));
            status = Json.read(r.text(), JsonNode.class).get("status").asText();
            if (status.matches("done|failed|cancelled")) {
                break;
            }
            page.waitForTimeout(200);
        }
        assertEquals("done", status, "experiment " + id);
    }
}
