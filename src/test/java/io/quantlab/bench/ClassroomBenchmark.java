package io.quantlab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.quantlab.Json;
import io.quantlab.TestServer;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The classroom's pages with a class in them (report: bench/classroom/README.md). For a course of
 * each size in {@code quantlab.bench.sizes} (default 30 and 200 students) with six exercises (five
 * numeric, one essay) and their attempts, seeded through the API (no training): how long the
 * instructor's dashboard page, each fragment htmx polls, the roster API and grades.csv take, one
 * request at a time; then the numeric hand-in's latency while 30 students hand in at once. Printed,
 * not asserted. Skipped unless asked for:
 * {@code mvn -B -o test -Dtest=ClassroomBenchmark -Dquantlab.bench=true}.
 */
@Tag("bench")
@EnabledIfSystemProperty(named = "quantlab.bench", matches = "true")
class ClassroomBenchmark {
    private static final String PASSWORD = "bench-password-1";
    private static final int ROUNDS = Integer.getInteger("quantlab.bench.rounds", 20);
    private static final int CONCURRENT = 30;
    private static final int HAND_INS_EACH = 10;
    private static final Pattern CSRF = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]*)\">");
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
    /** The API's calls go without the page's session cookie. */
    private final HttpClient api = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private TestServer server;
    private String admin;

    @Test
    void dashboardRosterGradesAndHandInsWithAClass() throws Exception {
        try (TestServer s = TestServer.start(Files.createTempDirectory("quantlab-classroom-bench"), 0, Map.of())) {
            server = s;
            admin = Json.MAPPER.readTree(send("POST", "/api/tokens", null, Json.write(Map.of("email",
                    TestServer.ADMIN_EMAIL, "password", TestServer.ADMIN_PASSWORD))).body()).get("token").asText();
            signInThePage();
            System.out.printf(Locale.ROOT, "BENCH machine: %d cores, load %s%n", Runtime.getRuntime().availableProcessors(),
                    Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim());
            List<String> handInTokens = null;
            for (String size : System.getProperty("quantlab.bench.sizes", "30,200").split(",")) {
                int students = Integer.parseInt(size.trim());
                long seedStart = System.nanoTime();
                Course course = seed(students);
                System.out.printf(Locale.ROOT, "BENCH course of %d students: seeded in %.1f s (%d attempts)%n", students,
                        (System.nanoTime() - seedStart) / 1e9, course.attempts);
                String base = "/courses/" + course.id + "/dashboard";
                for (String part : List.of("active", "queue", "progress", "scatter", "baselines")) {
                    time(students, "fragment " + part, () -> page(base + "/" + part, true));
                }
                time(students, "dashboard page (all five parts)", () -> page(base, false));
                time(students, "GET /api/courses/{id}/roster", () -> send("GET", "/api/courses/" + course.id + "/roster",
                        admin, null));
                time(students, "GET /api/courses/{id}/grades.csv", () -> send("GET", "/api/courses/" + course.id
                        + "/grades.csv", admin, null));
                if (handInTokens == null) {
                    handInTokens = course.tokens.subList(0, Math.min(CONCURRENT, course.tokens.size()));
                    handIns(course.id, course.numeric, handInTokens);
                    registrationBurst(course.id, course.joinCode, CONCURRENT);
                }
            }
        }
    }

    private record Course(long id, String joinCode, long numeric, List<String> tokens, long attempts) {
    }

    /** A course with 5 numeric exercises and an essay; each student registered, signed in and with attempts. */
    private Course seed(int students) throws Exception {
        JsonNode created = json(send("POST", "/api/courses", admin, "{\"name\":\"Bench " + students + "\"}"), 201);
        long id = created.get("id").asLong();
        String code = created.get("joinCode").asText();
        String dates = "\"opensAt\":\"" + Instant.now().minus(Duration.ofDays(1)) + "\",\"dueAt\":\""
                + Instant.now().plus(Duration.ofDays(2)) + "\",\"locksAt\":\"" + Instant.now().plus(Duration.ofDays(4)) + "\"";
        List<Long> numerics = new ArrayList<>();
        String[][] questions = {{"dequantize", "restricted-grid"}, {"scale-zero-point"}, {"sine-sqnr"}, {"clipped-share"},
                {"model-size"}};
        for (int x = 0; x < questions.length; x++) {
            String list = String.join(",", Arrays.stream(questions[x]).map(t -> "{\"template\":\"" + t + "\"}").toList());
            numerics.add(json(send("POST", "/api/courses/" + id + "/exercises", admin, "{\"kind\":\"numeric\",\"title\":"
                    + "\"Numeric " + x + "\"," + dates + ",\"questions\":[" + list + ",{\"choice\":\"why-calibration\"}]}"),
                    201).get("id").asLong());
        }
        long essay = json(send("POST", "/api/courses/" + id + "/exercises", admin, "{\"kind\":\"essay\",\"title\":"
                + "\"Essay\"," + dates + ",\"rubric\":[{\"criterion\":\"says why\",\"points\":2}]}"), 201).get("id").asLong();

        List<Callable<String>> joins = new ArrayList<>();
        for (int i = 0; i < students; i++) {
            String email = "c" + id + "s" + i + "@bench.example";
            joins.add(() -> {
                json(send("POST", "/api/register", null, Json.write(Map.of("email", email, "name", "Student " + email,
                        "password", PASSWORD, "joinCode", code))), 201);
                return json(send("POST", "/api/tokens", null, Json.write(Map.of("email", email, "password", PASSWORD))),
                        201).get("token").asText();
            });
        }
        List<String> tokens = all(joins, 4);
        List<Callable<Integer>> handIns = new ArrayList<>();
        for (int i = 0; i < students; i++) {
            String token = tokens.get(i);
            int student = i;
            handIns.add(() -> {
                int made = 0;
                for (long x : numerics) {
                    for (int a = 0; a < 1 + student % 3; a++) { // 1 to 3 attempts each
                        json(send("POST", "/api/exercises/" + x + "/submissions", token, "{\"answers\":{\"1\":{}}}"), 201);
                        made++;
                    }
                }
                if (student % 2 == 0) {
                    json(send("POST", "/api/exercises/" + essay + "/submissions", token,
                            "{\"text\":\"Each channel has its own range.\"}"), 201);
                    made++;
                }
                return made;
            });
        }
        long attempts = all(handIns, 4).stream().mapToLong(Integer::longValue).sum();
        return new Course(id, code, numerics.get(0), tokens, attempts);
    }

    /** The numeric hand-in's latency while {@code tokens.size()} students each hand in one after another. */
    private void handIns(long course, long exercise, List<String> tokens) throws Exception {
        String answer = "{\"answers\":{\"1\":{\"value\":0.5},\"2\":{\"levels\":255,\"qmax\":127},\"3\":{\"choice\":1}}}";
        List<Double> alone = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            alone.add(timed(() -> json(send("POST", "/api/exercises/" + exercise + "/submissions", tokens.get(0), answer),
                    201)));
        }
        report("numeric hand-in, one student alone", alone, 0);
        List<Callable<List<Double>>> students = new ArrayList<>();
        for (String token : tokens) {
            students.add(() -> {
                List<Double> mine = new ArrayList<>();
                for (int i = 0; i < HAND_INS_EACH; i++) {
                    mine.add(timed(() -> json(send("POST", "/api/exercises/" + exercise + "/submissions", token, answer),
                            201)));
                }
                return mine;
            });
        }
        long start = System.nanoTime();
        Polls polls = Polls.start(() -> page("/courses/" + course + "/dashboard/progress", true));
        List<Double> latencies = all(students, tokens.size()).stream().flatMap(List::stream).toList();
        double seconds = (System.nanoTime() - start) / 1e9;
        report(String.format(Locale.ROOT, "numeric hand-in, %d students at once (%d each; %.1f hand-ins/s)", tokens.size(),
                HAND_INS_EACH, latencies.size() / seconds), latencies, 0);
        report("fragment progress polled meanwhile", polls.stop(), 0);
    }

    /** {@code students} more students of the course registering at once, each then asking for a token. */
    private void registrationBurst(long course, String code, int students) throws Exception {
        List<Callable<Double>> joins = new ArrayList<>();
        for (int i = 0; i < students; i++) {
            String email = "burst" + i + "-c" + course + "@bench.example";
            joins.add(() -> timed(() -> json(send("POST", "/api/register", null, Json.write(Map.of("email", email,
                    "name", "Burst " + email, "password", PASSWORD, "joinCode", code))), 201)));
        }
        Polls polls = Polls.start(() -> page("/courses/" + course + "/dashboard/active", true));
        long start = System.nanoTime();
        List<Double> latencies = all(joins, students);
        report(String.format(Locale.ROOT, "POST /api/register, %d students at once (all done in %.1f s)", students,
                (System.nanoTime() - start) / 1e9), latencies, 0);
        report("fragment active polled meanwhile", polls.stop(), 0);
    }

    /** One request in a loop on its own thread, each timed, until stopped. */
    private static final class Polls {
        private final List<Double> ms = java.util.Collections.synchronizedList(new ArrayList<>());
        private volatile boolean running = true;
        private Thread thread;

        static Polls start(Callable<HttpResponse<String>> request) {
            Polls p = new Polls();
            p.thread = new Thread(() -> {
                while (p.running) {
                    try {
                        p.ms.add(timed(() -> check(request.call())));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            p.thread.start();
            return p;
        }

        List<Double> stop() throws InterruptedException {
            running = false;
            thread.join();
            return ms;
        }
    }

    private void time(int students, String what, Callable<HttpResponse<String>> request) throws Exception {
        int bytes = 0;
        for (int i = 0; i < 10; i++) { // warm-up
            bytes = check(request.call()).body().length();
        }
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            ms.add(timed(() -> check(request.call())));
        }
        report(students + " students, " + what, ms, bytes);
    }

    private static void report(String what, List<Double> ms, int bytes) {
        double[] sorted = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "BENCH %s: median %.1f ms, p90 %.1f, min %.1f, max %.1f (n=%d)%s%n", what,
                sorted[sorted.length / 2], sorted[(int) Math.ceil(sorted.length * 0.9) - 1], sorted[0],
                sorted[sorted.length - 1], sorted.length, bytes > 0 ? ", " + bytes / 1024 + " KB" : "");
    }

    private static double timed(Callable<?> work) throws Exception {
        long start = System.nanoTime();
        work.call();
        return (System.nanoTime() - start) / 1e6;
    }

    private <T> List<T> all(List<Callable<T>> work, int parallel) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<T> out = new ArrayList<>();
            for (Future<T> f : pool.invokeAll(work)) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }

    private void signInThePage() throws Exception {
        Matcher m = CSRF.matcher(page("/signin", false).body());
        if (!m.find()) {
            throw new AssertionError("no CSRF token on /signin");
        }
        String form = "_csrf=" + enc(m.group(1)) + "&email=" + enc(TestServer.ADMIN_EMAIL) + "&password="
                + enc(TestServer.ADMIN_PASSWORD);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url("/signin")))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 303) {
            throw new AssertionError("sign-in: " + r.statusCode());
        }
    }

    private HttpResponse<String> page(String path, boolean htmx) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path))).GET();
        if (htmx) {
            b.header("HX-Request", "true");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String token, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path))).header("Content-Type",
                "application/json").method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return api.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> check(HttpResponse<String> r) {
        if (r.statusCode() != 200) {
            throw new AssertionError(r.statusCode() + " " + r.body());
        }
        return r;
    }

    private static JsonNode json(HttpResponse<String> r, int status) throws Exception {
        if (r.statusCode() != status) {
            throw new AssertionError(r.statusCode() + " " + r.body());
        }
        return Json.MAPPER.readTree(r.body());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
