package io.quantlab.web;

import static io.quantlab.web.Browserless.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An instructor imports a TorchScript network; a job evaluates it in FP32 on the data set. */
class ImportedModelTest extends ServerTest {
    private static byte[] tinyCnn;

    @BeforeAll
    static void prepare() throws Exception {
        tinyCnn = Files.readAllBytes(Path.of("src/test/resources/torchscript/tiny_cnn.pt"));
    }

    @Test
    void importedNetworkIsEvaluated() throws Exception {
        var teacher = new Browserless(server.url(""));
        teacher.signIn(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        String csrf = teacher.csrfFrom("/models");
        HttpResponse<String> r = teacher.postMultipart("/models/import",
                form("_csrf", csrf, "name", "tiny cnn from pytorch", "dataset", "synthetic"), "file", "tiny_cnn.pt",
                tinyCnn);
        assertEquals(303, r.statusCode(), r.body());

        String table = "";
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline && !table.contains("status done")) {
            Thread.sleep(250);
            table = teacher.get("/models/imported").body();
        }
        assertTrue(table.contains("status done"), table);
        Matcher accuracy = Pattern.compile("class=\"imported-accuracy\">([0-9.]+) %").matcher(table);
        assertTrue(accuracy.find());
        double percent = Double.parseDouble(accuracy.group(1));
        assertTrue(percent >= 0 && percent <= 100, "a real accuracy on the synthetic test split: " + percent);
        assertTrue(table.contains("tiny cnn from pytorch"));
    }

    @Test
    void aFileThatIsNotTorchScriptIsRefusedAtOnce() throws Exception {
        var teacher = new Browserless(server.url(""));
        teacher.signIn(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        String csrf = teacher.csrfFrom("/models");
        HttpResponse<String> r = teacher.postMultipart("/models/import",
                form("_csrf", csrf, "name", "junk", "dataset", "synthetic"), "file", "junk.pt",
                "definitely not torchscript".getBytes());
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("is not a TorchScript file"), r.body());
        assertTrue(!teacher.get("/models/imported").body().contains(">junk<"), "nothing was stored");
    }

    @Test
    void studentsCannotImport() throws Exception {
        var student = new Browserless(server.url(""));
        student.registerStudent(server.joinCode(), "Mo", "mo@example.org", "mos-password");
        String page = student.get("/models").body();
        assertTrue(!page.contains("id=\"import-form\""), "no import form for students");
        assertEquals(403, student.postMultipart("/models/import", form("_csrf", student.csrfFrom("/models"), "name", "x",
                "dataset", "synthetic"), "file", "t.pt", tinyCnn).statusCode());
    }
}
