package io.quantlab.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import io.quantlab.TestServer;
import io.quantlab.data.DatasetFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** What an uploaded file or a page's own code could make a student's browser run. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PageSecurityTest extends BrowserTest {
    static final String INJECTED = "</script><script>alert(1)</script>";
    /** Records what the Content-Security-Policy blocked, from the first script on. */
    private static final String WATCH_POLICY = "window.cspViolations = [];"
            + "document.addEventListener('securitypolicyviolation',"
            + " (e) => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));";
    private static String experimentPage;

    @Test
    @Order(1)
    void aClassNameWithMarkupFromAnUploadShowsAsTextAndRunsNothing() throws Exception {
        Path cifar = Files.createTempDirectory("cifar-injected");
        DatasetFiles.writeCifar10(cifar, 1, 40, 20);
        Files.writeString(cifar.resolve("batches.meta.txt"),
                INJECTED + "\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n");
        Page teacher = browser.newPage();
        BrowserSession.signIn(teacher, server, TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        teacher.navigate(server.url("/datasets"));
        teacher.fill("input[name=name]", "tricky-cifar");
        teacher.setInputFiles("input[name=file]", new FilePayload("tricky.zip", "application/zip",
                DatasetFiles.zip(DatasetFiles.filesOf(cifar, "cifar-10-batches-bin/"))));
        teacher.click("button:text('Upload')");
        teacher.waitForSelector("tr[data-name=tricky-cifar][data-status=ready]",
                new Page.WaitForSelectorOptions().setTimeout(60_000));

        Page student = browser.newPage();
        List<String> dialogs = new CopyOnWriteArrayList<>();
        student.onDialog(dialog -> {
            dialogs.add(dialog.message());
            dialog.dismiss();
        });
        student.navigate(server.url("/register?code=" + server.joinCode()));
        student.fill("input[name=email]", "student@example.org");
        student.fill("input[name=password]", "student-password");
        student.click("button[type=submit]");
        student.waitForURL("**/course");
        student.navigate(server.url("/experiments/new?model=mlp&dataset=tricky-cifar"));
        student.fill("input[name=epochs]", "1");
        student.click("#train-button");
        student.waitForURL("**/experiments/*");
        student.waitForSelector("#report", new Page.WaitForSelectorOptions().setTimeout(120_000));
        experimentPage = student.url();

        assertEquals("true", student.locator("#class-chart").getAttribute("data-drawn"),
                "the chart data still parses as JSON");
        assertTrue(student.locator("#confusion").textContent().contains(INJECTED), "the name shows as text");
        student.reload();
        student.waitForSelector("#report");
        assertEquals(List.of(), dialogs, "no script from the class name ran");
    }

    @Test
    @Order(2)
    void noPageBreaksTheContentSecurityPolicy() {
        Page page = browser.newPage();
        page.addInitScript(WATCH_POLICY);
        List<String> problems = new CopyOnWriteArrayList<>();
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type())) {
                problems.add(page.url() + ": " + m.text());
            }
        });
        page.onPageError(e -> problems.add(page.url() + ": " + e));
        BrowserSession.signIn(page, server, TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        for (String path : List.of("/labs", "/labs/ptq", "/labs/qat", "/labs/custom", "/labs/sweep", "/models",
                "/models/imported", "/datasets", "/experiments", "/experiments/new", "/leaderboard", "/course",
                "/courses/1", "/courses/1/as-student", "/courses/1/dashboard", "/profile", "/no-such-page")) {
            page.navigate(server.url(path));
            assertViolations(page, problems);
        }
        page.navigate(experimentPage == null ? server.url("/experiments") : experimentPage);
        if (experimentPage != null) {
            page.waitForSelector("#report");
            assertEquals("true", page.locator("#class-chart").getAttribute("data-drawn"), "Chart.js draws");
        }
        assertViolations(page, problems);
        if (experimentPage != null) {
            page.navigate(experimentPage + "/quantize");
            page.waitForSelector("#ptq-form");
            assertViolations(page, problems);
            page.navigate(experimentPage + "/qat");
            page.waitForSelector("#qat-form");
            assertViolations(page, problems);
            page.navigate(experimentPage + "/quantizer");
            page.waitForSelector("#composer-form");
            page.selectOption("select[name=weightBits]", "4");
            page.waitForFunction("() => document.getElementById('part-grid').textContent.includes('2^4')");
            assertViolations(page, problems);
            page.navigate(experimentPage + "/sweep");
            page.waitForSelector("#sweep-form");
            assertViolations(page, problems);
            page.navigate(experimentPage + "/mixed-precision");
            page.waitForSelector("#mixed-form");
            assertViolations(page, problems);
        }

        page.navigate(server.url("/labs/discretize"));
        String before = page.locator("#discretize-results").innerHTML();
        page.selectOption("#range", "percentile");
        page.waitForFunction("(before) => document.querySelector('#discretize-results').innerHTML !== before", before);
        assertViolations(page, problems);

        page.navigate(server.url("/labs"));
        page.navigate(server.url("/no-such-page"));
        page.click("text=Go back");
        page.waitForFunction("() => location.pathname === '/labs' || window.cspViolations.length > 0");
        assertViolations(page, problems);
    }

    private static void assertViolations(Page page, List<String> problems) {
        assertEquals(List.of(), page.evaluate("() => window.cspViolations"), page.url());
        assertEquals(List.of(), problems.stream().filter(p -> !p.contains("404")).toList());
    }
}
