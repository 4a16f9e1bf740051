package io.quantlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quantlab.Json;
import io.quantlab.classroom.Csv;
import io.quantlab.exercise.GradeBook;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A seminar of thirty students pressing the same button at once, on a real server: they register
 * with the join code together (with wrong codes, one e-mail sent three times at once, and hostile
 * names among them), each fires four attempts at once at a numeric exercise that takes two, half of
 * them hand in an essay, and meanwhile the instructor polls the dashboard, its fragments, the roster
 * and the grade book. Checked on the answers and on the database: one account and enrollment per
 * student, never more attempts than the limit, every 201 a stored attempt, the grade the last
 * attempt's, refusals 4xx and never a 5xx, and every poll answered.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClassroomUnderLoadTest extends ServerTest {
    private static final int STUDENTS = 30;
    private static final int LIMIT = 2;
    private static final int FIRED = 4;
    private static final String PASSWORD = "seminar-password-1";
    private static final String SCRIPT = "<script>alert('x')</script>";
    private static final String FORMULA = "=HYPERLINK(\"http://evil.example\",\"x\")";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static ExecutorService threads;
    private static Browserless ines;
    private static String inesToken;
    private static long course;
    private static String joinCode;
    private static long numeric;
    private static long essay;
    private static Poller poller;
    private static final Map<Integer, String> tokens = new ConcurrentHashMap<>();
    private static final Map<Integer, Long> studentIds = new ConcurrentHashMap<>();
    private static final Map<Integer, Double> numericGrades = new ConcurrentHashMap<>();

    @BeforeAll
    static void aCourseWithTwoExercisesAndAnInstructorWatching() throws Exception {
        threads = Executors.newCachedThreadPool(); // allAtOnce needs a thread per request
        ines = newInstructor("Ines", "ines@example.org", PASSWORD);
        inesToken = ines.apiToken("ines@example.org", PASSWORD);
        JsonNode created = Browserless.json(ines.api("POST", "/api/courses", inesToken, "{\"name\":\"Seminar\"}"));
        course = created.get("id").asLong();
        joinCode = created.get("joinCode").asText();
        String dates = "\"opensAt\":\"" + Instant.now().minus(Duration.ofDays(1)) + "\",\"dueAt\":\""
                + Instant.now().plus(Duration.ofDays(2)) + "\",\"locksAt\":\"" + Instant.now().plus(Duration.ofDays(4))
                + "\"";
        numeric = exercise("{\"kind\":\"numeric\",\"title\":\"Scales\"," + dates + ",\"maxAttempts\":" + LIMIT
                + ",\"tolerancePercent\":1,\"questions\":[{\"template\":\"dequantize\"},{\"template\":\"restricted-grid\"},"
                + "{\"choice\":\"why-calibration\"}]}");
        essay = exercise("{\"kind\":\"essay\",\"title\":\"Why per-channel\"," + dates
                + ",\"rubric\":[{\"criterion\":\"names the ranges\",\"points\":2}]}");
        poller = new Poller();
        poller.start();
    }

    @AfterAll
    static void stopThreads() throws Exception {
        poller.stop();
        threads.shutdownNow();
    }

    private static long exercise(String json) throws Exception {
        HttpResponse<String> r = ines.api("POST", "/api/courses/" + course + "/exercises", inesToken, json);
        assertEquals(201, r.statusCode(), r.body());
        return Browserless.json(r).get("id").asLong();
    }

    private static String email(int student) {
        return "s" + student + "@seminar.example";
    }

    private static String name(int student) {
        return switch (student) {
            case 1 -> SCRIPT;
            case 2 -> FORMULA;
            default -> String.format("Student %02d", student);
        };
    }

    @Test
    @Order(1)
    void thirtyStudentsRegisterAtOnceEachWithOneAccountAndOneEnrollment() throws Exception {
        List<Callable<HttpResponse<String>>> requests = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        for (int i = 1; i <= STUDENTS; i++) {
            int copies = i == STUDENTS ? 3 : 1; // the last student's e-mail sent three times at once
            for (int c = 0; c < copies; c++) {
                requests.add(register(email(i), name(i), joinCode));
                kinds.add(email(i));
            }
        }
        for (int w = 0; w < 3; w++) {
            String guess = Json.write(Map.of("email", "guess" + w + "@seminar.example", "name", "Guess", "password",
                    PASSWORD, "joinCode", "WRONG00" + w));
            // from the class's own address, as typos in a room behind one NAT address: a few wrong codes
            // must not make a classmate wait (a race in SignInThrottle once answered 429 here)
            requests.add(() -> send("POST", "/api/register", null, guess));
            kinds.add("wrong code");
        }
        requests.add(register("short@seminar.example", "Short", joinCode, "short"));
        kinds.add("short password");
        List<HttpResponse<String>> answers = allAtOnce(requests);

        Map<String, List<Integer>> byKind = new HashMap<>();
        List<String> unexpected = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            HttpResponse<String> r = answers.get(i);
            String kind = kinds.get(i);
            byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(r.statusCode());
            String field = r.statusCode() == 400 ? Browserless.json(r).path("field").asText() : "";
            if (r.statusCode() == 201) {
                JsonNode made = Browserless.json(r);
                studentIds.put(Integer.parseInt(made.get("email").asText().replaceAll("\\D", "")), made.get("id").asLong());
            } else if (!(kind.equals(email(STUDENTS)) && field.equals("email") || kind.equals("wrong code")
                    && field.equals("joinCode") || kind.equals("short password") && field.equals("password"))) {
                unexpected.add(kind + " → " + r.statusCode() + " " + r.body());
            }
        }
        assertEquals(List.of(), unexpected, "valid students registered; refusals a 400 naming the field");
        for (int i = 1; i <= STUDENTS; i++) {
            assertEquals(1, byKind.get(email(i)).stream().filter(s -> s == 201).count(), email(i) + ": " + byKind);
        }
        assertEquals(List.of(201, 400, 400), byKind.get(email(STUDENTS)).stream().sorted().toList());

        assertEquals(STUDENTS, server.count("SELECT COUNT(*) FROM users WHERE email LIKE '%@seminar.example'"));
        assertEquals(STUDENTS, server.count("SELECT COUNT(*) FROM enrollments WHERE course_id = " + course));
        assertEquals(STUDENTS, server.count("SELECT COUNT(*) FROM enrollments n JOIN users u ON u.id = n.user_id "
                + "WHERE u.email LIKE '%@seminar.example'"), "each in this course and no other");
        assertEquals(STUDENTS, server.count("SELECT COUNT(*) FROM audit_log WHERE action = 'course-joined' AND detail = "
                + "'course " + course + "'"));
        assertEquals(1, server.count("SELECT COUNT(*) FROM users WHERE display_name = '" + FORMULA.replace("'", "''")
                + "'"), "a hostile name is stored as typed");

        List<Callable<HttpResponse<String>>> signIns = new ArrayList<>();
        for (int i = 1; i <= STUDENTS; i++) {
            signIns.add(call("POST", "/api/tokens", null, Json.write(Map.of("email", email(i), "password", PASSWORD))));
        }
        List<HttpResponse<String>> issued = allAtOnce(signIns);
        for (int i = 1; i <= STUDENTS; i++) {
            HttpResponse<String> r = issued.get(i - 1);
            assertEquals(201, r.statusCode(), email(i) + " " + r.body());
            tokens.put(i, Browserless.json(r).get("token").asText());
        }
    }

    @Test
    @Order(2)
    void eachStudentFiresFourAttemptsAtOnceAndTheLimitOfTwoHolds() throws Exception {
        List<Callable<HttpResponse<String>>> opens = new ArrayList<>();
        for (int i = 1; i <= STUDENTS; i++) {
            opens.add(call("GET", "/api/exercises/" + numeric, tokens.get(i), null));
        }
        List<HttpResponse<String>> opened = allAtOnce(opens);
        Set<String> numbers = new HashSet<>();
        List<Callable<HttpResponse<String>>> attempts = new ArrayList<>();
        List<Integer> whose = new ArrayList<>();
        for (int i = 1; i <= STUDENTS; i++) {
            HttpResponse<String> r = opened.get(i - 1);
            assertEquals(200, r.statusCode(), r.body());
            JsonNode questions = Browserless.json(r).get("questions");
            numbers.add(questions.get(0).get("text").asText());
            for (int k = 0; k < FIRED; k++) {
                // attempts differ (right, then the first answer off by 50 %), so the grade shows which one counted
                attempts.add(call("POST", "/api/exercises/" + numeric + "/submissions", tokens.get(i),
                        ExerciseApiTest.answersFromText(questions, k % 2 == 0 ? 1 : 1.5)));
                whose.add(i);
            }
            if (i % 2 == 1) {
                attempts.add(call("POST", "/api/exercises/" + essay + "/submissions", tokens.get(i),
                        Json.write(Map.of("text", "Each channel has its own range, " + name(i)))));
                whose.add(-i);
            }
        }
        assertEquals(STUDENTS, numbers.size(), "each student draws their own numbers");
        List<HttpResponse<String>> answers = allAtOnce(attempts);

        Map<Integer, Set<Long>> created = new HashMap<>();
        for (int a = 0; a < answers.size(); a++) {
            HttpResponse<String> r = answers.get(a);
            int student = whose.get(a);
            assertTrue(r.statusCode() < 500, "student " + student + " → " + r.statusCode() + " " + r.body());
            if (student < 0) {
                assertEquals(201, r.statusCode(), r.body());
            } else if (r.statusCode() == 201) {
                created.computeIfAbsent(student, s -> new HashSet<>()).add(Browserless.json(r).get("id").asLong());
            } else {
                assertEquals(400, r.statusCode(), r.body());
                assertTrue(Browserless.json(r).get("error").asText().contains("all " + LIMIT + " attempts"), r.body());
            }
        }
        for (int i = 1; i <= STUDENTS; i++) {
            long id = studentIds.get(i);
            String mine = "exercise_id = " + numeric + " AND student_id = " + id;
            assertEquals(LIMIT, created.getOrDefault(i, Set.of()).size(), "student " + i + ": 201s");
            assertEquals(LIMIT, server.count("SELECT COUNT(*) FROM submissions WHERE " + mine), "student " + i);
            for (long s : created.get(i)) {
                assertEquals(1, server.count("SELECT COUNT(*) FROM submissions WHERE id = " + s + " AND " + mine));
            }
            assertEquals(1, server.count("SELECT COUNT(*) FROM grades g WHERE g." + mine.replace(" AND ", " AND g.")
                    + " AND g.submission_id = (SELECT id FROM submissions WHERE " + mine + " ORDER BY created_at DESC, "
                    + "id DESC LIMIT 1) AND g.score = (SELECT score FROM submissions s WHERE s.id = g.submission_id)"),
                    "student " + i + ": the grade is the last stored attempt's score");

            JsonNode seen = Browserless.json(send("GET", "/api/exercises/" + numeric, tokens.get(i), null));
            assertEquals(LIMIT, seen.get("attempts").size());
            JsonNode last = seen.get("attempts").get(LIMIT - 1);
            assertEquals(last.get("score").asDouble(), seen.get("grade").get("score").asDouble(), 1e-9);
            numericGrades.put(i, seen.get("grade").get("score").asDouble());
        }
        assertEquals(STUDENTS * LIMIT, server.count("SELECT COUNT(*) FROM audit_log WHERE action = 'submission-created' "
                + "AND detail LIKE 'exercise " + numeric + ":%'"));
        assertEquals(STUDENTS, server.count("SELECT COUNT(*) FROM grades WHERE exercise_id = " + numeric));
        assertEquals(STUDENTS / 2, server.count("SELECT COUNT(*) FROM submissions WHERE exercise_id = " + essay));
    }

    @Test
    @Order(3)
    void theInstructorsPollsWereAllAnsweredAndShowTheWholeClass() throws Exception {
        poller.stop();
        assertEquals(List.of(), poller.failures, "every poll of the dashboard, roster and grade book answered 200");
        assertTrue(poller.rounds.get() >= 2, "the instructor polled while the class worked: " + poller.rounds);
        System.out.println("instructor polls during the seminar: " + poller.rounds + " rounds, slowest ms by page "
                + poller.slowest);

        JsonNode roster = Browserless.json(send("GET", "/api/courses/" + course + "/roster", inesToken, null));
        assertEquals(STUDENTS, roster.get("students").size());
        Set<String> names = new HashSet<>();
        roster.get("students").forEach(s -> names.add(s.get("name").asText()));
        assertTrue(names.contains(SCRIPT) && names.contains(FORMULA), names.toString());

        String progress = ines.htmxGet("/courses/" + course + "/dashboard/progress").body();
        assertEquals(STUDENTS, Pattern.compile("<tr data-student=").matcher(progress).results().count());
        assertEquals(STUDENTS, Pattern.compile("data-state=\"graded\"").matcher(progress).results().count());
        assertEquals(STUDENTS / 2, Pattern.compile("data-state=\"submitted\"").matcher(progress).results().count());
        assertEquals(STUDENTS / 2, Pattern.compile("data-state=\"not-started\"").matcher(progress).results().count());
        HttpResponse<String> page = ines.get("/courses/" + course + "/dashboard");
        assertEquals(200, page.statusCode());
        assertFalse(page.body().contains(SCRIPT), "a student's name never runs as script on the dashboard");
        assertTrue(page.body().contains("&lt;script&gt;"), "it is shown as text");

        HttpResponse<String> csv = send("GET", "/api/courses/" + course + "/grades.csv", inesToken, null);
        assertEquals(200, csv.statusCode());
        List<List<String>> rows = Csv.parse(csv.body());
        assertEquals(STUDENTS + 1, rows.size(), "a header and one row per student");
        Map<String, List<String>> byEmail = new HashMap<>();
        rows.subList(1, rows.size()).forEach(r -> byEmail.put(r.get(1), r));
        for (int i = 1; i <= STUDENTS; i++) {
            List<String> row = byEmail.get(email(i));
            assertEquals(i == 2 ? "'" + FORMULA : name(i), row.get(0), "the formula is defused: " + row);
            assertEquals(GradeBook.number(numericGrades.get(i)), row.get(2), email(i) + " " + row);
            assertEquals("", row.get(4), "the essays wait for a grade");
        }
    }

    private static Callable<HttpResponse<String>> register(String email, String name, String code) {
        return register(email, name, code, PASSWORD);
    }

    private static Callable<HttpResponse<String>> register(String email, String name, String code, String password) {
        return call("POST", "/api/register", null, Json.write(Map.of("email", email, "name", name, "password", password,
                "joinCode", code)));
    }

    private static Callable<HttpResponse<String>> call(String method, String path, String token, String json) {
        return () -> send(method, path, token, json);
    }

    private static HttpResponse<String> send(String method, String path, String token, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Duration.ofSeconds(60))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Runs every request on its own thread, all released together; their answers in order. */
    private static <T> List<T> allAtOnce(List<Callable<T>> work) throws Exception {
        CountDownLatch ready = new CountDownLatch(work.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> w : work) {
            futures.add(threads.submit(() -> {
                ready.countDown();
                go.await();
                return w.call();
            }));
        }
        ready.await();
        go.countDown();
        List<T> out = new ArrayList<>();
        for (Future<T> f : futures) {
            out.add(f.get());
        }
        return out;
    }

    /** The instructor in the seminar: the dashboard, each fragment htmx polls, the roster and grade book, in a loop. */
    private static final class Poller {
        final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        final Map<String, Long> slowest = new ConcurrentHashMap<>();
        final java.util.concurrent.atomic.AtomicInteger rounds = new java.util.concurrent.atomic.AtomicInteger();
        private volatile boolean running = true;
        private Thread thread;

        void start() {
            thread = new Thread(() -> {
                while (running) {
                    try {
                        round();
                        rounds.incrementAndGet();
                    } catch (Exception e) {
                        failures.add(e.toString());
                        return;
                    }
                }
            }, "instructor-poller");
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        private void round() throws Exception {
            String base = "/courses/" + course + "/dashboard";
            check(base, () -> ines.get(base));
            for (String part : List.of("/active", "/queue", "/progress", "/scatter", "/baselines")) {
                check(base + part, () -> ines.htmxGet(base + part));
            }
            check("roster", () -> send("GET", "/api/courses/" + course + "/roster", inesToken, null));
            check("grades.csv", () -> send("GET", "/api/courses/" + course + "/grades.csv", inesToken, null));
        }

        private void check(String what, Callable<HttpResponse<String>> request) throws Exception {
            long start = System.nanoTime();
            HttpResponse<String> r = request.call();
            slowest.merge(what, (System.nanoTime() - start) / 1_000_000, Math::max);
            if (r.statusCode() != 200) {
                failures.add(what + " → " + r.statusCode() + " " + r.body().substring(0, Math.min(300, r.body().length())));
            }
        }
    }
}
