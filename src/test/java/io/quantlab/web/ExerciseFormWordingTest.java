package io.quantlab.web;

import static io.quantlab.web.Browserless.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The exercise forms' refusals name the boxes by their labels; the JSON API keeps its field names. */
class ExerciseFormWordingTest extends ServerTest {
    private static final String PASSWORD = "long-enough-password";
    private static Browserless pages;
    private static String token;
    private static long course;

    @BeforeAll
    static void anInstructorWithACourse() throws Exception {
        pages = newInstructor("Wanda", "wanda@example.org", PASSWORD);
        token = pages.apiToken("wanda@example.org", PASSWORD);
        course = Browserless.json(pages.api("POST", "/api/courses", token, "{\"name\":\"Wording 101\"}")).get("id")
                .asLong();
    }

    private static HttpResponse<String> createForm(String opensAt, String dueAt, String locksAt) throws Exception {
        String page = "/courses/" + course + "/exercises";
        return pages.postForm(page, form("_csrf", pages.csrfFrom(page), "kind", "numeric", "title", "Scales", "opensAt",
                opensAt, "dueAt", dueAt, "locksAt", locksAt, "c.seven-billion", "on"));
    }

    @Test
    void theCreateFormSaysOpensAtDueAndLocksAtWhereTheApiSaysItsFieldNames() throws Exception {
        HttpResponse<String> notADate = createForm("next monday", "2030-01-02T10:00", "2030-01-03T10:00");
        assertEquals(400, notADate.statusCode());
        assertTrue(notADate.body().contains("Opens at must be a date and time"), notADate.body());
        assertFalse(notADate.body().contains("opensAt must"), "no API field name on the page");

        HttpResponse<String> locksFirst = createForm("2030-01-01T10:00", "2030-01-05T10:00", "2030-01-03T10:00");
        assertEquals(400, locksFirst.statusCode());
        assertTrue(locksFirst.body().contains("Locks at (2030-01-03T10:00:00Z) must not be before Due (2030-01-05"),
                locksFirst.body());

        HttpResponse<String> api = pages.api("POST", "/api/courses/" + course + "/exercises", token, "{\"kind\":"
                + "\"numeric\",\"title\":\"Scales\",\"opensAt\":\"2030-01-01T10:00:00Z\",\"dueAt\":\"2030-01-05T10:00:00Z"
                + "\",\"locksAt\":\"2030-01-03T10:00:00Z\",\"questions\":[{\"choice\":\"seven-billion\"}]}");
        JsonNode error = Browserless.json(api);
        assertEquals(400, api.statusCode());
        assertEquals("locksAt", error.get("field").asText());
        assertTrue(error.get("error").asText().startsWith("locksAt (2030-01-03T10:00:00Z) must not be before dueAt"),
                api.body());
        assertEquals(0, server.count("SELECT COUNT(*) FROM exercises WHERE title = 'Scales'"), "nothing stored");
    }

    @Test
    void theEditFormTooWhileWhatTheUserTypedIsQuotedAsTyped() throws Exception {
        HttpResponse<String> created = pages.api("POST", "/api/courses/" + course + "/exercises", token, "{\"kind\":"
                + "\"numeric\",\"title\":\"Edited\",\"opensAt\":\"2030-02-01T10:00:00Z\",\"dueAt\":\"2030-02-05T10:00:00Z"
                + "\",\"locksAt\":\"2030-02-07T10:00:00Z\",\"questions\":[{\"choice\":\"seven-billion\"}]}");
        assertEquals(201, created.statusCode(), created.body());
        long id = Browserless.json(created).get("id").asLong();
        String page = "/exercises/" + id;
        HttpResponse<String> edited = pages.postForm(page + "/edit", form("_csrf", pages.csrfFrom(page), "title",
                "Edited", "opensAt", "2030-02-01T10:00", "dueAt", "dueAt", "locksAt", "2030-02-07T10:00"));
        assertEquals(400, edited.statusCode());
        assertTrue(edited.body().contains("Due must be a date and time"), edited.body());
        assertTrue(edited.body().contains("got &#39;dueAt&#39;") || edited.body().contains("got 'dueAt'"),
                "what the user typed is quoted as typed: " + edited.body());
        assertEquals("2030-02-05T10:00:00Z", Browserless.json(pages.api("GET", "/api/exercises/" + id, token, null))
                .get("dueAt").asText());
    }
}
