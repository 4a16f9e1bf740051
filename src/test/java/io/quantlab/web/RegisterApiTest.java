package io.quantlab.web;

import static io.quantlab.web.Browserless.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * POST /api/register, the register page's JSON twin: the same checks, and wrong join codes wait like
 * wrong passwords, counted together with the page's. Its own server: the waits are per address, and
 * every test here comes from 127.0.0.1.
 */
class RegisterApiTest extends ServerTest {
    private static String body(String email, String name, String password, String code) {
        return "{\"email\":\"" + email + "\",\"name\":\"" + name + "\",\"password\":\"" + password
                + "\",\"joinCode\":\"" + code + "\"}";
    }

    private static HttpResponse<String> register(String json) throws Exception {
        return new Browserless(server.url("")).api("POST", "/api/register", null, json);
    }

    @Test
    void aStudentRegistersWithTheCodeAndCanThenAskForAToken() throws Exception {
        HttpResponse<String> r = register(body("Api.Student@Example.org", "Api", "api-password-1",
                server.joinCode().toLowerCase()));
        assertEquals(201, r.statusCode(), r.body());
        JsonNode made = Browserless.json(r);
        assertEquals("api.student@example.org", made.get("email").asText());
        assertTrue(made.get("id").asLong() > 0);
        String token = new Browserless(server.url("")).apiToken("api.student@example.org", "api-password-1");
        HttpResponse<String> courses = new Browserless(server.url("")).api("GET", "/api/courses", token, null);
        assertTrue(courses.body().contains("Quantization seminar"), courses.body());

        HttpResponse<String> twice = register(body("api.student@example.org", "Again", "api-password-1",
                server.joinCode()));
        assertEquals(400, twice.statusCode());
        assertEquals("email", Browserless.json(twice).get("field").asText());
    }

    @Test
    void badFieldsAreNamedAndStoreNothing() throws Exception {
        long users = server.count("SELECT COUNT(*) FROM users");
        String code = server.joinCode();
        assertField(register(body("not-an-address", "X", "long-enough-pw", code)), "email");
        assertField(register(body("short@example.org", "X", "short", code)), "password");
        assertField(register(body("long@example.org", "x".repeat(101), "long-enough-pw", code)), "name");
        assertField(register("{\"email\":\"n@example.org\",\"password\":12345678901,\"joinCode\":\"" + code + "\"}"),
                "password");
        assertEquals(400, register("[1,2]").statusCode());
        assertEquals(400, register("{nope").statusCode());
        assertEquals(users, server.count("SELECT COUNT(*) FROM users"));
    }

    private static void assertField(HttpResponse<String> r, String field) throws Exception {
        assertEquals(400, r.statusCode(), r.body());
        assertEquals(field, Browserless.json(r).get("field").asText(), r.body());
    }

    @Test
    void wrongJoinCodesWaitLikeWrongPasswordsOnTheApiAndThePageAlike() throws Exception {
        for (int i = 0; i < 4; i++) {
            assertField(register(body("guess" + i + "@example.org", "G", "long-enough-pw", "WRONG00" + i)), "joinCode");
        }
        var page = new Browserless(server.url(""));
        HttpResponse<String> fifth = page.postForm("/register", form("_csrf", page.csrfFrom("/register"),
                "joinCode", "WRONG005", "email", "guess5@example.org", "password", "long-enough-pw"));
        assertEquals(400, fifth.statusCode(), "the page's wrong code counts with the API's");

        HttpResponse<String> right = register(body("patient@example.org", "P", "long-enough-pw", server.joinCode()));
        assertEquals(429, right.statusCode(), "the right code waits too: a guesser cannot tell it was right");
        assertEquals("1", right.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(Browserless.json(right).get("error").asText().startsWith("too many wrong join codes"));
        HttpResponse<String> onThePage = page.postForm("/register", form("_csrf", page.csrfFrom("/register"),
                "joinCode", server.joinCode(), "email", "patient@example.org", "password", "long-enough-pw"));
        assertEquals(429, onThePage.statusCode());
        assertTrue(onThePage.body().contains("Too many wrong join codes"));
        assertEquals(0, server.count("SELECT COUNT(*) FROM users WHERE email = 'patient@example.org'"));

        Thread.sleep(1_100);
        assertEquals(201, register(body("patient@example.org", "P", "long-enough-pw", server.joinCode())).statusCode());
    }
}
