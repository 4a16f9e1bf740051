package io.quantlab.browser;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import io.quantlab.TestServer;
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

    /** A fresh page of a student who registered with the first course's join code, now on the Labs page. */
    static Page newStudent(String name, String email, String password) {
        Page student = browser.newPage();
        student.navigate(server.url("/register?code=" + server.joinCode()));
        student.fill("input[name=name]", name);
        student.fill("input[name=email]", email);
        student.fill("input[name=password]", password);
        student.click("button[type=submit]");
        student.waitForURL("**/labs");
        return student;
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
