package io.quantlab.web;

import static io.quantlab.web.Browserless.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quantlab.TestServer;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Input that used to pass unnoticed: noise after a JSON body, emptied form fields, values sent back whole. */
class StrictInputTest extends ServerTest {
    private static Browserless client;
    private static String token;

    @BeforeAll
    static void prepare() throws Exception {
        client = new Browserless(server.url(""));
        token = client.apiToken(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        client.signIn(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
    }

    @Test
    void anythingAfterTheJsonObjectIsA400Everywhere() throws Exception {
        String train = "{\"kind\":\"train\",\"dataset\":\"synthetic\",\"model\":\"mlp\",\"epochs\":1,\"trainSubset\":10}";
        assertEquals(400, client.api("POST", "/api/experiments", token, train + " xyz").statusCode());
        assertEquals(400, client.api("POST", "/api/experiments", token, train + " {}").statusCode());
        assertEquals(400, client.api("POST", "/api/discretize", token, "{\"bits\":[8]} xyz").statusCode());
        HttpResponse<String> second = client.api("POST", "/api/discretize", token, "{\"bits\":[8]} {\"bits\":[4]}");
        assertEquals(400, second.statusCode());
        assertTrue(Browserless.json(second).get("error").asText().contains("nothing after it"), second.body());
        assertEquals(400, client.api("POST", "/api/tokens", null, "{\"email\":\"" + TestServer.ADMIN_EMAIL
                + "\",\"password\":\"" + TestServer.ADMIN_PASSWORD + "\"} xyz").statusCode());
        assertEquals(0, server.count("SELECT COUNT(*) FROM experiments"), "no training was started");
        assertEquals(200, client.api("POST", "/api/discretize", token, "{\"bits\":[8]} \n").statusCode(),
                "white space after the object is fine");
    }

    @Test
    void aMegabyteValueIsQuotedBackCutToEightyCharacters() throws Exception {
        String huge = "m".repeat(1_000_000);
        for (String json : new String[] {
                "{\"kind\":\"train\",\"dataset\":\"synthetic\",\"model\":\"" + huge + "\"}",
                "{\"kind\":\"train\",\"dataset\":\"" + huge + "\",\"model\":\"mlp\"}",
                "{\"kind\":\"train\",\"dataset\":\"synthetic\",\"model\":\"mlp\",\"epochs\":\"" + huge + "\"}",
                "{\"kind\":\"train\",\"" + "m".repeat(40_000) + "\":1}"}) {
            HttpResponse<String> r = client.api("POST", "/api/experiments", token, json);
            assertEquals(400, r.statusCode(), r.body().substring(0, Math.min(300, r.body().length())));
            assertTrue(r.body().length() < 1000, "answer of " + r.body().length() + " characters");
            assertTrue(Browserless.json(r).get("error").asText().contains("'" + "m".repeat(79) + "…'"), r.body());
        }
        for (String json : new String[] {"{\"scheme\":\"" + huge + "\"}", "{\"bits\":[\"" + huge + "\"]}",
                "{\"values\":[1,\"" + huge + "\"]}", "{\"" + "m".repeat(40_000) + "\":1}"}) {
            HttpResponse<String> lab = client.api("POST", "/api/discretize", token, json);
            assertEquals(400, lab.statusCode());
            assertTrue(lab.body().length() < 1000, "answer of " + lab.body().length() + " characters");
            assertTrue(Browserless.json(lab).get("error").asText().contains("'" + "m".repeat(79) + "…'"), lab.body());
        }
    }

    @Test
    void anEmptiedEpochsOrBatchSizeIsRefusedWhileEmptyTrainingImagesMeansAll() throws Exception {
        String csrf = client.csrfFrom("/experiments/new");
        for (String field : new String[] {"epochs", "batchSize"}) {
            Map<String, String> fields = form("_csrf", csrf, "kind", "train", "dataset", "synthetic", "model", "mlp",
                    "epochs", "1", "batchSize", "64", "trainSubset", "");
            fields.put(field, "");
            HttpResponse<String> page = client.postForm("/experiments", fields);
            assertEquals(400, page.statusCode(), field);
            assertTrue(page.body().contains(field + ": empty; give a whole number"), page.body());
        }
        JsonNode refused = Browserless.json(client.api("POST", "/api/experiments", token,
                "{\"kind\":\"train\",\"dataset\":\"synthetic\",\"model\":\"mlp\",\"epochs\":\"\"}"));
        assertEquals("epochs", refused.get("field").asText());
        assertEquals(0, server.count("SELECT COUNT(*) FROM experiments"), "no training was started");
    }
}
