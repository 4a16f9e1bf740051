package io.quantlab.web;

import static io.quantlab.web.Browserless.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quantlab.TestServer;
import io.quantlab.classroom.Csv;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A roster in and out as CSV, with the text an attacker would put in a name: escaped on every page,
 * defused in the export (a cell starting with = + - @ stays text in a spreadsheet), read back intact.
 * New students get a one-time invitation link on which they choose their own password.
 */
class RosterCsvTest extends ServerTest {
    private static final String SCRIPT = "<script>alert(1)</script>";
    private static final String FORMULA = "=HYPERLINK(\"http://evil.example\",\"click\")";
    private static Browserless teacher;
    private static String token;
    private static long course;

    @BeforeAll
    static void anInstructorWithACourse() throws Exception {
        teacher = new Browserless(server.url(""));
        teacher.signIn(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        token = teacher.apiToken(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        course = Browserless.json(teacher.api("POST", "/api/courses", token, "{\"name\":\"CSV 101\"}")).get("id").asLong();
    }

    private static HttpResponse<String> importCsv(long courseId, String csv) throws Exception {
        return teacher.api("POST", "/api/courses/" + courseId + "/roster.csv", token, csv);
    }

    @Test
    void hostileNamesAreEscapedOnPagesAndDefusedInTheExportAndReadBackIntact() throws Exception {
        String csv = "email,name\r\n"
                + "script@example.org," + SCRIPT + "\r\n"
                + "formula@example.org,\"" + FORMULA.replace("\"", "\"\"") + "\"\r\n"
                + "plus@example.org,+1 555 0100\n"
                + "minus@example.org,-2+3\n"
                + "at@example.org,@SUM(A1:A9)\n"
                + "comma@example.org,\"Smith, \"\"Jo\"\"\"\n";
        HttpResponse<String> imported = importCsv(course, csv);
        assertEquals(200, imported.statusCode(), imported.body());
        JsonNode rows = Browserless.json(imported).get("rows");
        assertEquals(6, rows.size());
        for (JsonNode row : rows) {
            assertEquals("invited", row.get("outcome").asText());
            assertTrue(row.get("invitation").asText().matches("/invite/[A-Za-z0-9_-]{43}"), row.toString());
        }

        String page = teacher.get("/courses/" + course).body();
        assertFalse(page.contains(SCRIPT), "never raw on the page");
        assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(page.contains("invited, no password yet"));

        HttpResponse<String> export = teacher.api("GET", "/api/courses/" + course + "/roster.csv", token, null);
        assertEquals(200, export.statusCode());
        assertTrue(export.headers().firstValue("Content-Type").orElseThrow().startsWith("text/csv"));
        assertTrue(export.headers().firstValue("Content-Disposition").orElseThrow().contains("attachment"));
        List<List<String>> back = Csv.parse(export.body());
        assertEquals(List.of("email", "name", "joined", "last_active", "experiments"), back.get(0));
        Map<String, String> names = new java.util.HashMap<>();
        back.subList(1, back.size()).forEach(r -> names.put(r.get(0), r.get(1)));
        assertEquals(SCRIPT, names.get("script@example.org"));
        assertEquals("'" + FORMULA, names.get("formula@example.org"));
        assertEquals("'+1 555 0100", names.get("plus@example.org"));
        assertEquals("'-2+3", names.get("minus@example.org"));
        assertEquals("'@SUM(A1:A9)", names.get("at@example.org"));
        assertEquals("Smith, \"Jo\"", names.get("comma@example.org"));
        for (String line : export.body().split("\r\n")) {
            assertFalse(line.matches("(^|.*,)\"?[=+\\-@].*"), "no cell starts a formula: " + line);
        }
        assertEquals(export.body(), teacher.get("/courses/" + course + "/roster.csv").body(), "the page's download");

        HttpResponse<String> again = importCsv(course, export.body());
        assertEquals(200, again.statusCode(), "the export imports again: " + again.body());
        JsonNode rowsAgain = Browserless.json(again).get("rows");
        assertEquals("already-enrolled", rowsAgain.get(0).get("outcome").asText());
        assertEquals(FORMULA, java.util.stream.StreamSupport.stream(rowsAgain.spliterator(), false)
                .filter(r -> r.get("email").asText().equals("formula@example.org")).findFirst().orElseThrow()
                .get("name").asText());
        JsonNode marked = Browserless.json(importCsv(course, "email,name,joined\r\nmark@example.org,'@home,x\r\n"))
                .get("rows").get(0);
        assertEquals("@home", marked.get("name").asText(), "the export's text mark is not read as part of a name");
        assertTrue(rowsAgain.get(0).get("invitation").asText().startsWith("/invite/"),
                "a student who never chose a password gets a new link");
    }

    @Test
    void anInvitedStudentChoosesTheirPasswordOnceOnTheLink() throws Exception {
        JsonNode row = Browserless.json(importCsv(course, "invited@example.org,Ivy")).get("rows").get(0);
        String link = row.get("invitation").asText();
        var ivy = new Browserless(server.url(""));
        HttpResponse<String> page = ivy.get(link);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("invited@example.org") && page.body().contains("CSV 101"));
        String csrf = ivy.csrfFrom(link);
        assertEquals(400, ivy.postForm(link, form("_csrf", csrf, "password", "short")).statusCode());
        HttpResponse<String> set = ivy.postForm(link, form("_csrf", csrf, "password", "ivys-own-password"));
        assertEquals(303, set.statusCode());
        assertTrue(ivy.get("/course").body().contains("CSV 101"), "signed in, in her course");
        assertEquals(404, new Browserless(server.url("")).get(link).statusCode(), "the link works once");
        assertEquals(404, new Browserless(server.url("")).get("/invite/" + "A".repeat(43)).statusCode());
        assertEquals(303, new Browserless(server.url("")).signIn("invited@example.org", "ivys-own-password")
                .statusCode());
        JsonNode roster = Browserless.json(teacher.api("GET", "/api/courses/" + course + "/roster", token, null));
        JsonNode ivyRow = java.util.stream.StreamSupport.stream(roster.get("students").spliterator(), false)
                .filter(s -> s.get("email").asText().equals("invited@example.org")).findFirst().orElseThrow();
        assertFalse(ivyRow.get("invitationPending").asBoolean());
        assertFalse(ivyRow.get("lastActiveAt").isNull(), "her visit is the roster's last active");
    }

    @Test
    void aWrongRowStoresNothingAndIsNamed() throws Exception {
        long users = server.count("SELECT COUNT(*) FROM users");
        for (String[] bad : new String[][] {
                {"ok1@example.org,One\nnot-an-address,Two\n", "csv row 2"},
                {"ok1@example.org,One\nok1@example.org,Again\n", "listed twice"},
                {"ok1@example.org,One,extra\n", "two columns"},
                {TestServer.ADMIN_EMAIL + ",Boss\n", "instructor account"},
                {"ok1@example.org,\"unclosed\n", "never closed"},
                {"email,name\n", "no students"},
                {"ok1@example.org," + "x".repeat(101) + "\n", "at most 100 characters"}}) {
            HttpResponse<String> r = importCsv(course, bad[0]);
            assertEquals(400, r.statusCode(), bad[0]);
            assertEquals("csv", Browserless.json(r).get("field").asText());
            assertTrue(Browserless.json(r).get("error").asText().contains(bad[1]), r.body());
        }
        assertEquals(users, server.count("SELECT COUNT(*) FROM users"), "nothing stored");
        String big = "x@example.org,".repeat(20_000);
        assertEquals(413, importCsv(course, big).statusCode(), "over 256 KB");
        assertEquals(413, teacher.postMultipart("/courses/" + course + "/roster",
                Map.of("_csrf", teacher.csrfFrom("/course")), "csv", "big.csv",
                big.getBytes(StandardCharsets.UTF_8)).statusCode());
    }

    @Test
    void theCoursePageImportsAnUploadedFileAndShowsTheLinksOnce() throws Exception {
        String csrf = teacher.csrfFrom("/courses/" + course);
        HttpResponse<String> r = teacher.postMultipart("/courses/" + course + "/roster", Map.of("_csrf", csrf), "csv",
                "class.csv", ("page@example.org,<b>Bold</b> Page\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("class=\"invitation\">/invite/"));
        assertTrue(r.body().contains("&lt;b&gt;Bold&lt;/b&gt; Page"));
        assertFalse(teacher.get("/courses/" + course).body().contains("class=\"invitation\""), "shown once");
        HttpResponse<String> wrong = teacher.postMultipart("/courses/" + course + "/roster", Map.of("_csrf", csrf),
                "csv", "class.csv", "<img src=x onerror=alert(1)>,x\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, wrong.statusCode());
        assertFalse(wrong.body().contains("<img src=x"), "the error quoting the row is escaped too");
    }
}
