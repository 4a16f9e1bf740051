package io.quantlab.web;

import static io.quantlab.web.Browserless.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quantlab.Json;
import io.quantlab.TestServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Lab 1 over HTTP: the JSON API, the page, and the fragments htmx asks for. */
class DiscretizeApiTest extends ServerTest {
    private static final List<String> RESULT_FIELDS = List.of("bits", "scale", "zeroPoint", "qmin", "qmax", "clipMin",
            "clipMax", "levelsAvailable", "levelsUsed", "clippedShare", "mse", "maxError", "sqnrDb");
    private static Browserless client;
    private static String token;

    @BeforeAll
    static void prepare() throws Exception {
        client = new Browserless(server.url(""));
        HttpResponse<String> r = client.api("POST", "/api/tokens", null,
                "{\"email\":\"" + TestServer.ADMIN_EMAIL + "\",\"password\":\"" + TestServer.ADMIN_PASSWORD + "\"}");
        token = Browserless.json(r).get("token").asText();
        client.signIn(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
    }

    @Test
    void getComparesTheDefaultWidthsWithStableNames() throws Exception {
        HttpResponse<String> r = client.api("GET", "/api/discretize?signal=sine&n=1000&seed=0&bits=16,8,4,2"
                + "&scheme=asymmetric&rounding=half-even&range=percentile&percentile=99.9", token, null);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = Browserless.json(r);
        assertEquals(List.of("n", "results"), fieldNames(body));
        assertEquals(1000, body.get("n").asInt());
        assertEquals(4, body.get("results").size());
        JsonNode eight = body.get("results").get(1);
        assertEquals(RESULT_FIELDS, fieldNames(eight));
        assertEquals(8, eight.get("bits").asInt());
        assertEquals(0, eight.get("qmin").asInt());
        assertEquals(255, eight.get("qmax").asInt());
        assertEquals(256, eight.get("levelsAvailable").asInt());
        double alpha = eight.get("clipMin").asDouble();
        double beta = eight.get("clipMax").asDouble();
        assertEquals((beta - alpha) / 255, eight.get("scale").asDouble(), 1e-7);
        assertTrue(eight.get("sqnrDb").asDouble() > 40);
        assertEquals(Browserless.json(r), Browserless.json(client.api("GET", "/api/discretize?signal=sine&n=1000"
                + "&range=percentile", token, null)), "defaults fill the rest; the same seed gives the same answer");
    }

    @Test
    void postTakesTheUsersNumbersAndReportsInfiniteSqnrAsNull() throws Exception {
        HttpResponse<String> r = client.api("POST", "/api/discretize", token,
                "{\"values\":[0,1,2,255,-0.0],\"bits\":[8,2],\"scheme\":\"asymmetric\"}");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = Browserless.json(r);
        assertEquals(5, body.get("n").asInt());
        JsonNode eight = body.get("results").get(0);
        assertEquals(1.0, eight.get("scale").asDouble());
        assertEquals(0.0, eight.get("mse").asDouble());
        assertTrue(eight.get("sqnrDb").isNull(), "exact: infinite SQNR is null");
        assertFalse(body.get("results").get(1).get("sqnrDb").isNull());
        HttpResponse<String> pasted = client.api("POST", "/api/discretize", token,
                "{\"signal\":\"custom\",\"values\":\"0 1, 2\\n255 -0.0\",\"bits\":\"8,2\"}");
        assertEquals(body, Browserless.json(pasted), "values may also be pasted text");
    }

    @Test
    void postTakesAMillionNumbers() throws Exception {
        StringBuilder json = new StringBuilder(16_000_000).append("{\"bits\":[8],\"values\":[");
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        for (int i = 0; i < 1_000_000; i++) {
            json.append(i == 0 ? "" : ",").append((float) random.nextGaussian());
        }
        json.append("]}");
        HttpResponse<String> r = client.api("POST", "/api/discretize", token, json.toString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(1_000_000, Browserless.json(r).get("n").asInt());
    }

    @Test
    void badParametersAreA400NamingTheFieldAndWhatIsAllowed() throws Exception {
        assertBad("GET", "/api/discretize?n=0", null, "n", "between 1 and 1,000,000");
        assertBad("GET", "/api/discretize?n=2000000", null, "n", "between 1 and 1,000,000");
        assertBad("GET", "/api/discretize?bits=8,17", null, "bits", "between 1 and 16");
        assertBad("GET", "/api/discretize?bits=eight", null, "bits", "whole number");
        assertBad("GET", "/api/discretize?percentile=50", null, "percentile", "(50, 100]");
        assertBad("GET", "/api/discretize?scheme=affine", null, "scheme", "asymmetric, symmetric, restricted");
        assertBad("GET", "/api/discretize?rounding=up", null, "rounding", "half-even, half-away, floor, stochastic");
        assertBad("GET", "/api/discretize?range=max", null, "range", "minmax, percentile, mse, kl, histogram");
        assertBad("GET", "/api/discretize?signal=square", null, "signal", "sine, gaussian, uniform, outliers");
        assertBad("GET", "/api/discretize?bitz=8", null, "bitz", "known fields are");
        assertBad("GET", "/api/discretize?scheme=restricted&bits=1", null, "bits", "between 2 and 16");
        assertBad("GET", "/api/discretize?signal=custom", null, "values", "at least one number");
        assertBad("POST", "/api/discretize", "{\"values\":[1,\"x\",3]}", "values", "values[1]");
        assertBad("POST", "/api/discretize", "{\"values\":\"1 2 three\"}", "values", "number 3 ('three')");
        assertBad("POST", "/api/discretize", "{\"values\":[1,1e39]}", "values", "finite float32");
        assertBad("POST", "/api/discretize", "{\"signal\":\"sine\",\"values\":[1]}", "values", "signal \"custom\"");
        assertBad("POST", "/api/discretize", "{\"scheme\":{\"name\":\"x\"}}", "scheme", "single value");
        assertBad("POST", "/api/discretize", "{\"values\":[-3e38,3e38],\"bits\":[8]}", "range", "too wide");
        HttpResponse<String> malformed = client.api("POST", "/api/discretize", token, "{\"values\":[1,");
        assertEquals(400, malformed.statusCode());
        assertEquals(401, client.api("GET", "/api/discretize", null, null).statusCode());
    }

    @Test
    void emptyFieldsAreRefusedNotReplacedByDefaults() throws Exception {
        assertBad("GET", "/api/discretize?bits=", null, "bits", "bits: empty");
        assertBad("GET", "/api/discretize?bits=,,,", null, "bits", "no width given");
        assertBad("GET", "/api/discretize?n=&signal=sine", null, "n", "n: empty");
        assertBad("GET", "/api/discretize?values=", null, "values", "at least one number");
        assertBad("POST", "/api/discretize", "{\"bits\":[]}", "bits", "bits: empty");
        assertBad("POST", "/api/discretize", "{\"values\":\"\"}", "values", "at least one number");
        assertBad("POST", "/api/discretize", "{\"values\":[]}", "values", "at least one number");
        assertBad("POST", "/api/discretize", "{\"scheme\":\" \"}", "scheme", "scheme: empty");
        assertBad("POST", "/api/discretize", "{\"signal\":\"sine\",\"values\":\"1 2\"}", "values",
                "signal \"custom\"");
        assertBad("POST", "/api/discretize", "{\"bits\":[8],\"bits\":[4]}", "bits", "given twice");
        assertEquals(200, client.api("POST", "/api/discretize", token, "{\"bits\":null,\"n\":100}").statusCode(),
                "null is a field left out");

        String csrf = client.csrfFrom("/labs/discretize");
        Map<String, String> fields = form("signal", "sine", "n", "100", "seed", "0", "bits", "", "scheme",
                "asymmetric", "rounding", "half-even", "range", "minmax", "percentile", "99.9", "values", "");
        HttpResponse<String> emptied = htmx("/labs/discretize/results", csrf, fields);
        assertEquals(400, emptied.statusCode());
        assertTrue(emptied.body().contains("bits: empty; give widths between 1 and 16"), emptied.body());
        fields.put("bits", "8");
        assertEquals(200, htmx("/labs/discretize/results", csrf, fields).statusCode(),
                "the empty box of pasted numbers belongs to the signal \"your numbers\" only");
        fields.put("signal", "custom");
        assertTrue(htmx("/labs/discretize/results", csrf, fields).body().contains("values: paste at least one number"));
    }

    @Test
    void theFormsPastedNumbersAreReadAsTheyArriveAndGiveTheSameAnswerAsTheApi() throws Exception {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        StringBuilder pasted = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            pasted.append((float) random.nextGaussian() * 3).append(i % 7 == 0 ? ",\n" : i % 3 == 0 ? "; " : " ");
        }
        String csrf = client.csrfFrom("/labs/discretize");
        Map<String, String> fields = form("values", pasted.toString(), "signal", "custom", "n", "10", "seed", "0",
                "bits", "8,3", "scheme", "symmetric", "rounding", "half-even", "range", "mse", "percentile", "99.9",
                "plot", "3", "number", "1");
        HttpResponse<String> page = htmx("/labs/discretize/results", csrf, fields);
        assertEquals(200, page.statusCode(), page.body());
        assertFalse(page.headers().firstValue("HX-Push-Url").orElseThrow().contains("values="),
                "numbers too long for a link stay out of it");
        JsonNode api = Browserless.json(client.api("POST", "/api/discretize", token, Json.MAPPER.writeValueAsString(
                Map.of("values", pasted.toString(), "bits", List.of(8, 3), "scheme", "symmetric", "range", "mse"))));
        assertEquals(200_000, api.get("n").asInt());
        for (JsonNode result : api.get("results")) {
            String mse = "<td>" + io.quantlab.discretize.NumberText.of(result.get("mse").doubleValue()) + "</td>";
            assertTrue(page.body().contains(mse), "the page shows the API's MSE " + mse + " at " + result.get("bits"));
        }

        fields.put("values", "1 2 3");
        HttpResponse<String> shortOne = htmx("/labs/discretize/results", csrf, fields);
        assertTrue(shortOne.headers().firstValue("HX-Push-Url").orElseThrow().contains("values=1+2+3"),
                shortOne.headers().toString());
        fields.put("_csrf", csrf);
        HttpResponse<String> plain = client.postForm("/labs/discretize/results", fields);
        assertEquals(200, plain.statusCode(), "a form posted without htmx's header (read whole for its token): "
                + plain.body());
        assertEquals(2, count(plain.body(), "<tr data-bits="), "its fields were read: two widths, 8 and 3");
    }

    @Test
    void pageRendersTheSetupFromItsAddress() throws Exception {
        HttpResponse<String> page = client.get("/labs/discretize?signal=uniform&n=5000&bits=8,3&scheme=symmetric"
                + "&range=mse&plot=3&number=-2.5");
        assertEquals(200, page.statusCode(), page.body());
        String html = page.body();
        assertTrue(html.contains("id=\"results-table\""));
        assertEquals(2, count(html, "<tr data-bits="));
        assertTrue(html.contains("<span id=\"plot-bits\">3</span>"));
        assertTrue(html.contains("value=\"symmetric\" selected"), "the form shows the setup");
        assertTrue(html.contains("discretize-plot-data"));
        assertTrue(html.contains("Δ = (β − α)/(2^b − 1) = "), "formulas with the user's numbers");
        assertTrue(html.contains("10000000"), "bit view of −2.5: exponent 128");
        assertTrue(html.contains("±65504"), "number-format table");
        assertTrue(html.contains("/static/js/discretize.js"));
        assertTrue(client.get("/labs").body().contains("href=\"/labs/discretize\""), "Lab 1's card links here");

        HttpResponse<String> bad = client.get("/labs/discretize?n=0&bits=8&number=abc");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("n: between 1 and 1,000,000"), "the message is on the page");
        assertTrue(bad.body().contains("number: 'abc' is not a number"), bad.body());
        assertTrue(bad.body().contains("name=\"n\" id=\"n\" value=\"0\""), "what was typed stays");
    }

    @Test
    void htmxFragmentsPushTheSetupIntoTheAddressBar() throws Exception {
        String csrf = client.csrfFrom("/labs/discretize");
        Map<String, String> fields = form("signal", "outliers", "n", "20000", "seed", "3", "bits", "8,4", "scheme",
                "asymmetric", "rounding", "stochastic", "range", "percentile", "percentile", "99", "values", "1 2 3",
                "number", "1", "plot", "8");
        HttpResponse<String> r = htmx("/labs/discretize/results", csrf, fields);
        assertEquals(200, r.statusCode(), r.body());
        assertFalse(r.body().contains("<html"), "a fragment, not a page");
        assertTrue(r.body().contains("<span id=\"plot-bits\">8</span>"));
        String pushed = r.headers().firstValue("HX-Push-Url").orElseThrow();
        assertTrue(pushed.startsWith("/labs/discretize?signal=outliers&n=20000&seed=3&bits=8%2C4&"), pushed);
        assertFalse(pushed.contains("values="), "pasted numbers only travel with signal=custom");
        fields.put("bits", "6,5");
        assertTrue(htmx("/labs/discretize/results", csrf, fields).headers().firstValue("HX-Push-Url").orElseThrow()
                .contains("plot=5"), "the link names the width drawn, not a stale one");
        fields.put("bits", "8,4");
        assertEquals(200, client.get(pushed).statusCode(), "the pushed address opens the same setup");

        fields.put("bits", "8,99");
        HttpResponse<String> bad = htmx("/labs/discretize/results", csrf, fields);
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().startsWith("<div class=\"alert\""), bad.body());
        assertTrue(bad.body().contains("bits: each width must be between 1 and 16, got 99"));

        fields.put("number", "-2.5");
        HttpResponse<String> bits = htmx("/labs/discretize/bits", csrf, fields);
        assertEquals(200, bits.statusCode());
        assertTrue(bits.body().contains("data-format=\"BF16\""));
        assertTrue(bits.headers().firstValue("HX-Push-Url").orElseThrow().contains("number=-2.5"));
        assertEquals(403, client.postForm("/labs/discretize/results", fields).statusCode(), "CSRF is checked");
    }

    @Test
    void fragmentForTenThousandSamplesIsQuick() throws Exception {
        String csrf = client.csrfFrom("/labs/discretize");
        Map<String, String> fields = form("signal", "gaussian", "n", "10000", "bits", "16,8,4,2", "range", "kl");
        for (int i = 0; i < 20; i++) {
            htmx("/labs/discretize/results", csrf, fields);
        }
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            long start = System.nanoTime();
            assertEquals(200, htmx("/labs/discretize/results", csrf, fields).statusCode());
            best = Math.min(best, System.nanoTime() - start);
        }
        assertTrue(best < 200_000_000L, "fragment took " + best / 1e6 + " ms (budget 50 ms server time; generous here)");
    }

    private static HttpResponse<String> htmx(String path, String csrf, Map<String, String> fields) throws Exception {
        return client.htmx(path, csrf, fields);
    }

    private static void assertBad(String method, String path, String json, String field, String message)
            throws Exception {
        HttpResponse<String> r = client.api(method, path, token, json);
        assertEquals(400, r.statusCode(), path + " " + json + " → " + r.body());
        JsonNode body = Browserless.json(r);
        assertEquals(field, body.get("field").asText(), r.body());
        assertTrue(body.get("error").asText().contains(message), r.body());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }
}
