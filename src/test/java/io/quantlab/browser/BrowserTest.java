package io.quantlab.browser;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import io.quantlab.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A test class driving Debian's chromium against one real server, both shared by its tests. */
abstract class BrowserTest {
    static final String NUMBER_PERCENT = "\\d+\\.\\d\\d %";
    static TestServer server;
    static BrowserSession browser;

    @BeforeAll
    static void startServerAndBrowser() throws Exception {
        server = TestServer.start();
        browser = new BrowserSession();
    }

    /** A fresh page (own cookies, 1280 px wide) signed in as the first instructor. */
    static Page instructorPage() {
        Page page = browser.newPage();
        BrowserSession.signIn(page, server, TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        return page;
    }

    /** A finished tiny training of the first instructor's (one epoch of mlp on 2000 synthetic images); its id. */
    static long instructorsTinyTraining() {
        Page page = instructorPage();
        long id = trainFromTheForm(page, "mlp", "synthetic", 1, 2000);
        page.context().close();
        return id;
    }

    /** Registers a student with the seminar's join code on {@code page}, which stays signed in as them. */
    static void registerStudent(Page page, String name, String email, String password) {
        page.navigate(server.url("/register?code=" + server.joinCode()));
        page.fill("input[name=name]", name);
        page.fill("input[name=email]", email);
        page.fill("input[name=password]", password);
        page.click("button[type=submit]");
        page.waitForURL("**/course");
    }

    /** A fresh page of a student who just registered in the first course with {@code name}'s e-mail and password. */
    static Page studentPage(String name, String email, String password) {
        Page student = browser.newPage();
        registerStudent(student, name, email, password);
        return student;
    }

    /**
     * Trains {@code model} on {@code dataset} from the train form ({@code epochs}, the first
     * {@code trainingImages}), waits until its report shows and returns its id; the page stays on it.
     */
    static long trainFromTheForm(Page page, String model, String dataset, int epochs, int trainingImages) {
        startTrainingFromTheForm(page, model, dataset, epochs, trainingImages);
        page.waitForSelector("#report", new Page.WaitForSelectorOptions().setTimeout(180_000));
        return experimentIdOf(page);
    }

    /** As {@link #trainFromTheForm}, without waiting: the page is the new experiment's. */
    static void startTrainingFromTheForm(Page page, String model, String dataset, int epochs, int trainingImages) {
        page.navigate(server.url("/experiments/new?model=" + model + "&dataset=" + dataset));
        page.fill("input[name=epochs]", String.valueOf(epochs));
        page.fill("input[name=trainSubset]", String.valueOf(trainingImages));
        page.click("#train-button");
        page.waitForURL("**/experiments/*");
    }

    /** The live status of a job's page ("queued", "running", "done"…), read from the polled fragment. */
    static final String LIVE_STATUS = "() => { const s = document.getElementById('status');"
            + " return s ? s.textContent.trim() : null; }";

    /**
     * Waits up to {@code seconds} on a job's page until {@code selector} shows, and returns what the
     * JavaScript function {@code watch} read meanwhile, each value once until it changes.
     */
    static List<String> watchUntil(Page page, String selector, String watch, int seconds) {
        List<String> seen = new ArrayList<>();
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < deadline && page.locator(selector).count() == 0) {
            Object value;
            try {
                value = page.evaluate(watch);
            } catch (PlaywrightException navigated) {
                // the page reloads itself when the job ends: read again on the new page
                value = null;
            }
            if (value != null && (seen.isEmpty() || !seen.get(seen.size() - 1).equals(value))) {
                seen.add((String) value);
            }
            page.waitForTimeout(200);
        }
        return seen;
    }

    /** The id of the experiment whose page is open. */
    static long experimentIdOf(Page page) {
        return Long.parseLong(page.url().replaceAll(".*/experiments/(\\d+).*", "$1"));
    }

    /** A percentage as the pages write it ("91.16 %"), checked for that form. */
    static double percent(String text) {
        assertTrue(text.trim().matches(NUMBER_PERCENT), text);
        return Double.parseDouble(text.trim().replace(" %", ""));
    }

    @AfterAll
    static void stopServerAndBrowser() {
        browser.close();
        server.close();
    }
}
