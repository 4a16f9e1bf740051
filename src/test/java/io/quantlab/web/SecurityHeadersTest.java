package io.quantlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The headers every answer carries, the Secure cookie setting, and templates the policy can allow. */
class SecurityHeadersTest extends ServerTest {
    private static final Pattern INLINE_SCRIPT = Pattern.compile("<script(?![^>]*\\bsrc=)(?![^>]*type=\"application/json\")");
    private static final Pattern EVENT_HANDLER = Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);

    @Test
    void pagesFilesApiAnswersAndErrorsAllCarryThePolicy() throws Exception {
        var client = new Browserless(server.url(""));
        client.signIn(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        for (String path : List.of("/signin", "/labs", "/no-such-page", "/static/js/app.js",
                "/webjars/htmx.org/2.0.4/dist/htmx.min.js", "/api/experiments", "/healthz")) {
            HttpResponse<String> r = client.get(path);
            assertEquals(SecurityHeaders.CONTENT_SECURITY_POLICY,
                    r.headers().firstValue("Content-Security-Policy").orElse(null), path);
            assertTrue(SecurityHeaders.CONTENT_SECURITY_POLICY.contains("script-src 'self'"));
            assertTrue(SecurityHeaders.CONTENT_SECURITY_POLICY.contains("frame-ancestors 'none'"));
            assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null), path);
            assertEquals("same-origin", r.headers().firstValue("Referrer-Policy").orElse(null), path);
            assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElse(null), path);
        }
        for (String page : List.of("/signin", "/labs", "/no-such-page")) {
            assertEquals("text/html;charset=utf-8", client.get(page).headers().firstValue("Content-Type").orElseThrow()
                    .toLowerCase().replace(" ", ""), page);
        }
    }

    @Test
    void cookiesAreSecureOnlyWhenTheSettingSaysTheSiteIsBehindHttps() throws Exception {
        assertFalse(sessionCookie(server).contains("Secure"));
        try (TestServer https = TestServer.start(Files.createTempDirectory("quantlab-https"), 0,
                Map.of("QUANTLAB_SECURE_COOKIES", "true"))) {
            String cookie = sessionCookie(https);
            assertTrue(cookie.endsWith("; HttpOnly; SameSite=Lax; Secure"), cookie);
        }
    }

    @Test
    void templatesHoldNoInlineScriptsHandlersOrJavascriptLinks() throws IOException {
        try (Stream<Path> templates = Files.walk(Path.of("web", "templates"))) {
            for (Path template : templates.filter(p -> p.toString().endsWith(".jte")).toList()) {
                String text = Files.readString(template);
                assertFalse(INLINE_SCRIPT.matcher(text).find(), template + " has an inline script");
                assertFalse(EVENT_HANDLER.matcher(text).find(), template + " has an on… handler attribute");
                assertFalse(text.contains("javascript:"), template + " has a javascript: URL");
            }
        }
    }

    /**
     * Signs in by hand: a cookie jar would not send a Secure cookie back over plain HTTP. Checks
     * the anonymous CSRF cookie on the way and returns the session's Set-Cookie line.
     */
    private static String sessionCookie(TestServer on) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(on.url("/signin"))).build(),
                HttpResponse.BodyHandlers.ofString());
        String csrfCookie = cookie(page, Auth.ANON_CSRF_COOKIE);
        String token = csrfCookie.substring(csrfCookie.indexOf('=') + 1, csrfCookie.indexOf(';'));
        HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(URI.create(on.url("/signin")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", Auth.ANON_CSRF_COOKIE + "=" + token)
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + token + "&email="
                        + URLEncoder.encode(TestServer.ADMIN_EMAIL, StandardCharsets.UTF_8) + "&password="
                        + TestServer.ADMIN_PASSWORD)).build(), HttpResponse.BodyHandlers.ofString());
        String session = cookie(signedIn, Auth.SESSION_COOKIE);
        assertEquals(csrfCookie.contains("; Secure"), session.contains("; Secure"), csrfCookie);
        return session;
    }

    private static String cookie(HttpResponse<String> r, String name) {
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " cookie: " + r.statusCode() + " " + r.body()));
    }
}
