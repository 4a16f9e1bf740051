package io.quantlab.web;

import static io.quantlab.web.Browserless.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quantlab.TestServer;
import io.quantlab.data.IdxFiles;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The training subset may be anything from 1 to the chosen data set's training size, which can be
 * more than Fashion-MNIST's 60,000; left out, it is the whole training set.
 */
class TrainSubsetTest extends ServerTest {
    /** Training images of the data set "big-idx": more than 60,000. */
    private static final int BIG = 60_005;
    private static Browserless client;
    private static String token;

    @BeforeAll
    static void writeALargeDataSet() throws Exception {
        // MNIST IDX files of 2x2-pixel images: 60,005 of them take a quarter of a megabyte
        IdxFiles.writeFashionMnist(Files.createDirectories(server.home().resolve("datasets").resolve("big-idx")),
                BIG, 20, 2);
        client = new Browserless(server.url(""));
        client.signIn(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        token = client.apiToken(TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
    }

    @Test
    void aSubsetAboveSixtyThousandTrainsOnADataSetThatLarge() throws Exception {
        JsonNode done = train("\"trainSubset\":60001");
        assertEquals(60_001, done.at("/config/trainSubset").asInt());
    }

    @Test
    void theWholeDataSetIsAcceptedAndIsTheDefault() throws Exception {
        JsonNode whole = train("\"trainSubset\":" + BIG);
        assertEquals(BIG, whole.at("/config/trainSubset").asInt());

        JsonNode byDefault = train(null);
        assertEquals(BIG, byDefault.at("/config/trainSubset").asInt(), "left out, the subset is every image");
    }

    @Test
    void aSubsetOverTheDataSetsSizeIsRefusedNamingTheFieldAndTheSize() throws Exception {
        HttpResponse<String> r = start("\"trainSubset\":" + (BIG + 1));
        assertEquals(400, r.statusCode(), r.body());
        JsonNode error = Browserless.json(r);
        assertEquals("trainSubset", error.get("field").asText());
        assertEquals("trainSubset must be between 1 and 60,005, the number of training images of 'big-idx';"
                + " got 60,006.", error.get("error").asText());

        HttpResponse<String> synthetic = client.api("POST", "/api/experiments", token,
                "{\"kind\":\"train\",\"dataset\":\"synthetic\",\"model\":\"mlp\",\"trainSubset\":2001}");
        assertEquals(400, synthetic.statusCode());
        assertTrue(Browserless.json(synthetic).get("error").asText().contains("between 1 and 2,000"), synthetic.body());
        HttpResponse<String> zero = start("\"trainSubset\":0");
        assertEquals("trainSubset", Browserless.json(zero).get("field").asText());
    }

    @Test
    void theFormShowsEachDataSetsSizeAndExplainsAnOversizedSubset() throws Exception {
        String form = client.get("/experiments/new").body();
        assertTrue(form.contains("big-idx (60,005 training images)"), form);
        assertTrue(form.contains("synthetic (2,000 training images)"), form);
        assertTrue(form.contains("name=\"trainSubset\" value=\"\""), "empty means the whole training set");
        assertTrue(form.contains("empty for all"), form);

        String csrf = client.csrfFrom("/experiments/new");
        HttpResponse<String> r = client.postForm("/experiments", form("_csrf", csrf, "kind", "train",
                "dataset", "big-idx", "model", "mlp", "trainSubset", "70000"));
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("trainSubset must be between 1 and 60,005"), r.body());
        assertTrue(r.body().contains("value=\"70000\""), "what the user typed stays");
    }

    private static HttpResponse<String> start(String extra) throws Exception {
        return client.api("POST", "/api/experiments", token, "{\"kind\":\"train\",\"dataset\":\"big-idx\","
                + "\"model\":\"mlp\"" + (extra == null ? "" : "," + extra) + "}");
    }

    private static JsonNode train(String extra) throws Exception {
        HttpResponse<String> r = start(extra);
        assertEquals(202, r.statusCode(), r.body());
        return client.awaitStatus(token, Browserless.json(r).get("id").asLong(), "done", Duration.ofMinutes(3));
    }
}
