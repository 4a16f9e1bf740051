package io.quantlab.web;

import static io.quantlab.web.Browserless.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.TestServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Sign-in, registration, sessions and CSRF against a real server and a real H2 file. */
class AccountsAndSecurityTest extends ServerTest {
    @Test
    void pagesRedirectToSignInUntilSignedIn() throws Exception {
        var client = new Browserless(server.url(""));
        HttpResponse<String> labs = client.get("/labs");
        assertEquals(302, labs.statusCode());
        assertEquals("/signin?next=%2Flabs", labs.headers().firstValue("Location").orElseThrow());

        HttpResponse<String> signedIn = client.signIn(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        assertEquals(303, signedIn.statusCode());
        String cookie = signedIn.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("ql_session=")).findFirst().orElseThrow();
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), cookie);

        HttpResponse<String> page = client.get("/labs");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Experiments") && page.body().contains("Leaderboard"));
    }

    @Test
    void wrongPasswordSaysSoWithoutSayingWhichPart() throws Exception {
        HttpResponse<String> r = new Browserless(server.url("")).signIn(TestServer.ADMIN_EMAIL, "not-the-password");
        assertEquals(401, r.statusCode());
        assertTrue(r.body().contains("Email or password is wrong."));
    }

    @Test
    void formPostWithoutCsrfTokenIsRejected() throws Exception {
        var client = new Browserless(server.url(""));
        client.signIn(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        HttpResponse<String> r = client.postForm("/experiments", form("kind", "train", "dataset", "synthetic",
                "model", "mlp"));
        assertEquals(403, r.statusCode());
        assertTrue(r.body().contains("security token is missing"));
        HttpResponse<String> wrong = client.postForm("/course", form("_csrf", "forged", "name", "X"));
        assertEquals(403, wrong.statusCode());
    }

    @Test
    void signInItselfNeedsTheAnonymousCsrfToken() throws Exception {
        var client = new Browserless(server.url(""));
        client.get("/signin");
        HttpResponse<String> r = client.postForm("/signin", form("email", TestServer.ADMIN_EMAIL,
                "password", TestServer.ADMIN_PASSWORD));
        assertEquals(403, r.statusCode());
    }

    @Test
    void studentRegistersWithJoinCodeAndSeesTheCourse() throws Exception {
        var client = new Browserless(server.url(""));
        String csrf = client.csrfFrom("/register");
        HttpResponse<String> bad = client.postForm("/register", form("_csrf", csrf, "joinCode", "NOPE1234",
                "name", "Ada", "email", "ada@example.org", "password", "long-enough-pw"));
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("no course has this code"));
        assertTrue(bad.body().contains("ada@example.org"), "what the student typed is kept");

        HttpResponse<String> ok = client.postForm("/register", form("_csrf", csrf, "joinCode", server.joinCode(),
                "name", "Ada", "email", "ada@example.org", "password", "long-enough-pw"));
        assertEquals(303, ok.statusCode());
        assertEquals("/course", ok.headers().firstValue("Location").orElseThrow(),
                "the new student lands on their course page, where the exercises are");
        HttpResponse<String> course = client.get("/course");
        assertTrue(course.body().contains("Quantization seminar"));
        assertFalse(course.body().contains(server.joinCode()), "students do not see join codes");

        HttpResponse<String> again = new Browserless(server.url("")).signIn("ADA@example.org", "long-enough-pw");
        assertEquals(303, again.statusCode(), "e-mail addresses are case-insensitive");
    }

    @Test
    void shortPasswordIsRefusedWithTheRule() throws Exception {
        var client = new Browserless(server.url(""));
        String csrf = client.csrfFrom("/register");
        HttpResponse<String> r = client.postForm("/register", form("_csrf", csrf, "joinCode", server.joinCode(),
                "name", "Bo", "email", "bo@example.org", "password", "short"));
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("password: 10–200 characters"));
    }

    @Test
    void signOutEndsTheSession() throws Exception {
        var client = new Browserless(server.url(""));
        client.signIn(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        String csrf = client.csrfFrom("/labs");
        assertEquals(303, client.postForm("/signout", form("_csrf", csrf)).statusCode());
        assertEquals(302, client.get("/labs").statusCode());
    }

    @Test
    void expiredSessionSendsThePageBackToSignInWithAReason() throws Exception {
        var client = new Browserless(server.url(""));
        client.signIn(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        assertEquals(200, client.get("/experiments").statusCode());
        server.sql("UPDATE sessions SET expires_at = TIMESTAMP WITH TIME ZONE '2000-01-01 00:00:00+00'");
        HttpResponse<String> r = client.get("/experiments");
        assertEquals(302, r.statusCode());
        assertEquals("/signin?expired=1&next=%2Fexperiments", r.headers().firstValue("Location").orElseThrow());
        assertTrue(client.get("/signin?expired=1").body().contains("Your session expired"));
    }

    @Test
    void htmxRequestWithUnknownSessionIsToldToSignIn() throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url("/experiments/1/status")))
                .header("HX-Request", "true").header("Cookie", "ql_session=stale").build();
        HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, r.statusCode());
        assertEquals("/signin?expired=1", r.headers().firstValue("HX-Redirect").orElseThrow());
    }

    @Test
    void healthReportsDatabaseEngineRuntimeAndDataSets() throws Exception {
        HttpResponse<String> r = new Browserless(server.url("")).get("/healthz");
        assertEquals(200, r.statusCode());
        var health = Browserless.json(r);
        assertTrue(health.at("/database/ok").asBoolean());
        assertEquals("PyTorch", health.at("/engine/name").asText());
        assertEquals(2, health.at("/engine/threads").asInt()); // two intra-op threads on the one TorchThread
        assertFalse(health.at("/onnxRuntime/version").asText().isEmpty());
        assertTrue(health.at("/onnxRuntime/threads").asInt() >= 1); // the one pool every ONNX Runtime session shares
        assertEquals("synthetic", health.at("/datasets/1/name").asText());
        assertTrue(health.at("/datasets/1/trainSamples").asInt() > 0);
    }
}
