package io.quantlab.web;

import static io.quantlab.web.Browserless.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quantlab.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** API tokens that end: made on the API or the profile page, refused once past their end. */
class ApiTokenExpiryTest extends ServerTest {
    private static String tokenRequest(String expiresInDays) {
        return "{\"email\":\"" + TestServer.ADMIN_EMAIL + "\",\"password\":\"" + TestServer.ADMIN_PASSWORD
                + "\",\"label\":\"expiring\"" + (expiresInDays == null ? "" : ",\"expiresInDays\":" + expiresInDays)
                + "}";
    }

    @Test
    void aTokenWithAnExpiryWorksUntilThenAndIsRefusedAfter() throws Exception {
        var client = new Browserless(server.url(""));
        HttpResponse<String> made = client.api("POST", "/api/tokens", null, tokenRequest("30"));
        assertEquals(201, made.statusCode(), made.body());
        JsonNode body = Browserless.json(made);
        Instant expiresAt = Instant.parse(body.get("expiresAt").asText());
        Duration left = Duration.between(Instant.now(), expiresAt);
        assertTrue(left.compareTo(Duration.ofDays(29)) > 0 && left.compareTo(Duration.ofDays(30)) <= 0, left.toString());
        String token = body.get("token").asText();
        assertEquals(200, client.api("GET", "/api/experiments", token, null).statusCode());

        server.sql("UPDATE api_tokens SET expires_at = DATEADD('SECOND', -1, CURRENT_TIMESTAMP) WHERE label = 'expiring'");
        HttpResponse<String> refused = client.api("GET", "/api/experiments", token, null);
        assertEquals(401, refused.statusCode());
        assertTrue(Browserless.json(refused).get("error").asText().startsWith("this token is unknown, revoked or"
                + " expired"), refused.body());

        HttpResponse<String> lasting = client.api("POST", "/api/tokens", null, tokenRequest(null));
        assertTrue(Browserless.json(lasting).get("expiresAt").isNull(), lasting.body());
    }

    @Test
    void anExpiryThatIsNotAWholeNumberOfDaysIsRefusedByName() throws Exception {
        var client = new Browserless(server.url(""));
        for (String bad : new String[] {"0", "-3", "3651", "\"soon\"", "1.5"}) {
            HttpResponse<String> r = client.api("POST", "/api/tokens", null, tokenRequest(bad));
            assertEquals(400, r.statusCode(), bad);
            assertEquals("expiresInDays", Browserless.json(r).get("field").asText(), bad);
            assertTrue(Browserless.json(r).get("error").asText().contains("a whole number of days from 1 to 3650"), bad);
        }
    }

    @Test
    void theProfilePageMakesExpiringTokensAndShowsWhenTheyEnd() throws Exception {
        var client = new Browserless(server.url(""));
        client.signIn(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        String csrf = client.csrfFrom("/profile");
        HttpResponse<String> page = client.postForm("/profile/tokens", form("_csrf", csrf, "label", "weekly",
                "expiresInDays", "7"));
        assertEquals(200, page.statusCode());
        Matcher secret = Pattern.compile("<code id=\"new-token\">(ql_[^<]+)</code>").matcher(page.body());
        assertTrue(secret.find(), page.body());
        String in7Days = Instant.now().plus(Duration.ofDays(7)).toString().substring(0, 10);
        assertTrue(Pattern.compile("<td>weekly</td>.*?<td class=\"\">" + in7Days, Pattern.DOTALL).matcher(page.body())
                .find(), page.body());
        assertEquals(200, client.api("GET", "/api/experiments", secret.group(1), null).statusCode());

        server.sql("UPDATE api_tokens SET expires_at = DATEADD('DAY', -1, CURRENT_TIMESTAMP) WHERE label = 'weekly'");
        assertTrue(Pattern.compile("<td>weekly</td>.*?<td class=\"expired\">expired ", Pattern.DOTALL)
                .matcher(client.get("/profile").body()).find());
        assertEquals(401, client.api("GET", "/api/experiments", secret.group(1), null).statusCode());

        HttpResponse<String> bad = client.postForm("/profile/tokens", form("_csrf", csrf, "expiresInDays", "forever"));
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("expiresInDays: a whole number of days from 1 to 3650"), bad.body());
    }
}
