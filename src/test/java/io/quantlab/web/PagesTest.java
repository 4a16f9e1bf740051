package io.quantlab.web;

import static io.quantlab.web.Browserless.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.TestServer;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The navigation's pages render for a signed-in user, and their forms do what they say. */
class PagesTest extends ServerTest {
    @Test
    void everyNavigationPageRenders() throws Exception {
        var client = new Browserless(server.url(""));
        client.signIn(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        assertPage(client, "/labs", "Discretization");
        assertPage(client, "/models", "small-cnn");
        assertPage(client, "/models", "AvgPool 4×4, stride 1 (7×7→4×4)");
        assertPage(client, "/experiments", "No experiments yet");
        assertPage(client, "/experiments/new", "Learning rate");
        assertPage(client, "/leaderboard", "Leaderboard");
        assertPage(client, "/course", server.joinCode());
        assertPage(client, "/profile", "API tokens");
    }

    @Test
    void unknownPageAndUnknownExperimentAreFriendly404s() throws Exception {
        var client = new Browserless(server.url(""));
        client.signIn(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        HttpResponse<String> missing = client.get("/no-such-page");
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("no such page"));
        HttpResponse<String> experiment = client.get("/experiments/424242");
        assertEquals(404, experiment.statusCode());
        assertTrue(experiment.body().contains("no experiment 424242"));
        assertEquals(404, client.get("/experiments/not-a-number").statusCode());
        HttpResponse<String> courses = client.get("/courses");
        assertEquals(303, courses.statusCode(), "/courses/{id} is a course's page, so /courses is their list");
        assertEquals("/course", courses.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void profileTokenWorksForTheApiAndCanBeRevoked() throws Exception {
        var client = new Browserless(server.url(""));
        client.signIn(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        String csrf = client.csrfFrom("/profile");
        HttpResponse<String> created = client.postForm("/profile/tokens", form("_csrf", csrf, "label", "grading"));
        Matcher m = Pattern.compile("<code id=\"new-token\">(ql_[^<]+)</code>").matcher(created.body());
        assertTrue(m.find(), "the new token is shown once");
        String token = m.group(1);
        assertEquals(200, client.api("GET", "/api/experiments", token, null).statusCode());

        Matcher id = Pattern.compile("/profile/tokens/(\\d+)/revoke").matcher(client.get("/profile").body());
        assertTrue(id.find());
        client.postForm("/profile/tokens/" + id.group(1) + "/revoke", form("_csrf", csrf));
        assertEquals(401, client.api("GET", "/api/experiments", token, null).statusCode());
    }

    @Test
    void fromHtmxATokenComesAsTheTokensSectionAndAnErrorNamesTheLabel() throws Exception {
        var client = new Browserless(server.url(""));
        client.signIn(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        String csrf = client.csrfFrom("/profile");
        HttpResponse<String> created = client.htmx("/profile/tokens", csrf, form("label", "script"));
        assertEquals(200, created.statusCode());
        assertTrue(created.body().startsWith("<section class=\"card\" id=\"api-tokens\""), "only the section");
        assertTrue(created.body().contains("id=\"new-token\""));
        HttpResponse<String> tooLong = client.htmx("/profile/tokens", csrf, form("label", "x".repeat(101)));
        assertEquals(400, tooLong.statusCode());
        assertTrue(tooLong.body().contains("label: at most 100 characters"), tooLong.body());
        assertTrue(tooLong.body().contains("data-swap-errors"), "the page shows it in place of the section");
    }

    @Test
    void instructorCreatesACourseWithAJoinCode() throws Exception {
        var client = new Browserless(server.url(""));
        client.signIn(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        String csrf = client.csrfFrom("/course");
        assertEquals(400, client.postForm("/course", form("_csrf", csrf, "name", " ")).statusCode());
        assertEquals(303, client.postForm("/course", form("_csrf", csrf, "name", "Edge AI")).statusCode());
        String page = client.get("/course").body();
        assertTrue(page.contains("Edge AI"));
        assertEquals(2, Pattern.compile("class=\"join-code\"").matcher(page).results().count());
    }

    @Test
    void faviconIsServedToAnyone() throws Exception {
        HttpResponse<String> icon = new Browserless(server.url("")).get("/favicon.ico");
        assertEquals(200, icon.statusCode());
        assertEquals("image/x-icon", icon.headers().firstValue("Content-Type").orElse(""));
        assertTrue(icon.body().startsWith("\0\0\1\0"), "an ICO file");
    }

    @Test
    void dataSetsAreInTheNavigationOfInstructorsWhoManageThem() throws Exception {
        var teacher = new Browserless(server.url(""));
        teacher.signIn(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        assertTrue(teacher.get("/labs").body().contains("<a href=\"/datasets\" class=\"\">Data sets</a>"));
        assertTrue(teacher.get("/datasets").body().contains("<a href=\"/datasets\" class=\"active\">Data sets</a>"));

        var student = new Browserless(server.url(""));
        student.registerStudent(server.joinCode(), "Nav Student", "nav-student@example.org", "student-password-1");
        assertFalse(student.get("/labs").body().contains("Data sets</a>"), "students only read the list");
        HttpResponse<String> list = student.get("/datasets");
        assertEquals(200, list.statusCode(), "reached from the Models page");
        assertFalse(list.body().contains("id=\"upload-form\""));
    }

    private static void assertPage(Browserless client, String path, String expected) throws Exception {
        HttpResponse<String> r = client.get(path);
        assertEquals(200, r.statusCode(), path);
        assertTrue(r.body().contains(expected), path + " shows " + expected);
    }
}
