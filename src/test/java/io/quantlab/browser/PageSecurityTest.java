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
        student.waitForURL("**/labs");
        student.navigate(server.url("/experiments/new?model=mlp&dataset=tricky-cifar"));
        student.fill("input[name=epochs]", "1");
        student.click("#train-button");
        student.waitForURL("**/experiments/*");
        student.waitForSelector("#report", new Page.WaitForSelectorOptions().setTimeout(120_000));

        assertEquals("true", student.locator("#class-chart").getAttribute("data-drawn"),
                "the chart data still parses as JSON");
        assertTrue(student.locator("#confusion").textContent().contains(INJECTED), "the name shows as text");
        student.reload();
        student.waitForSelector("#report");
        assertEquals(List.of(), dialogs, "no script from the class name ran");
    }
}
