import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The attack of issue 11 against a running QuantLab: students each send many concurrent
 * POST /api/discretize bodies of a million pasted numbers with "range":"kl", while /healthz is
 * polled every 250 ms and the server's heap and RSS are sampled every second.
 *
 * <pre>
 * java bench/admission/AdmissionAttack.java --base http://localhost:7171 --join-code ABCD1234 \
 *      --pid 12345 --students 1 --per-student 160 [--numbers 1000000] [--client java|curl] [--label x]
 * </pre>
 * Prints one Markdown block: answers by status, other failures, latencies, /healthz, heap and RSS.
 */
public class AdmissionAttack {
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total (\\d+)K, used (\\d+)K");
    private static final Pattern CSRF_META = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]*)\">");

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = options(args);
        String base = opt.get("base");
        long pid = Long.parseLong(opt.getOrDefault("pid", "0"));
        int students = Integer.parseInt(opt.getOrDefault("students", "1"));
        int perStudent = Integer.parseInt(opt.getOrDefault("per-student", "160"));
        int numbers = Integer.parseInt(opt.getOrDefault("numbers", "1000000"));
        String label = opt.getOrDefault("label", students + "x" + perStudent);
        // curl sends "Expect: 100-continue" for bodies over 1 MB: the body follows only a "100 Continue".
        // (JDK 17's HttpClient can ask for it too, but then hangs on any other answer: JDK-8286171.)
        boolean curl = "curl".equals(opt.getOrDefault("client", "java"));

        byte[] body = body(numbers);
        Path bodyFile = Files.createTempFile("admission-attack", ".json");
        bodyFile.toFile().deleteOnExit();
        Files.write(bodyFile, body);
        List<String> tokens = new ArrayList<>();
        String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        for (int s = 0; s < students; s++) {
            tokens.add(studentToken(base, opt.get("join-code"), "s" + run + "x" + s));
        }

        Sampler sampler = new Sampler(base, pid);
        sampler.start();
        Thread.sleep(1500);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).build();
        long start = System.nanoTime();
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (int i = 0; i < perStudent; i++) {
            for (String token : tokens) {
                long t0 = System.nanoTime();
                if (curl) {
                    answers.add(curl(base, token, bodyFile));
                    continue;
                }
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/discretize"))
                        .timeout(Duration.ofMinutes(5)).header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                answers.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                        .handle((r, e) -> outcome(r, e, t0)));
            }
        }
        Map<String, List<Double>> byOutcome = new TreeMap<>();
        for (CompletableFuture<String> answer : answers) {
            String[] o = answer.join().split("\t", 2);
            byOutcome.computeIfAbsent(o[1], k -> new ArrayList<>()).add(Double.parseDouble(o[0]));
        }
        double attackSeconds = (System.nanoTime() - start) / 1e9;
        Thread.sleep(3000);
        sampler.stop();
        long[] afterGc = pid > 0 ? heapAfterGc(pid) : new long[] {0, 0};

        System.out.printf("### %s: %d student(s) x %d concurrent requests, body %.1f MB (%,d numbers, range kl)%s%n%n",
                label, students, perStudent, body.length / 1e6, numbers, curl ? ", sent by curl" : "");
        System.out.printf("All %d answered in %.1f s.%n%n| answer | count | fastest s | median s | slowest s |%n"
                + "|---|---:|---:|---:|---:|%n", answers.size(), attackSeconds);
        byOutcome.forEach((what, times) -> {
            times.sort(Double::compare);
            System.out.printf("| %s | %d | %.2f | %.2f | %.2f |%n", what, times.size(), times.get(0),
                    times.get(times.size() / 2), times.get(times.size() - 1));
        });
        System.out.printf("%n/healthz: %d polls, %d answered 200, slowest %.2f s, %d failed%s%n", sampler.polls,
                sampler.healthy, sampler.slowestHealth, sampler.polls - sampler.healthy,
                sampler.healthFailure == null ? "" : " (" + sampler.healthFailure + ")");
        if (pid > 0) {
            System.out.printf("heap used: %,d MB before, %,d MB at most during the attack (sampled each second), "
                    + "%,d MB after a full GC (of %,d MB committed)%n", sampler.heapBefore / 1024,
                    sampler.heapPeak / 1024, afterGc[1] / 1024, afterGc[0] / 1024);
            System.out.printf("RSS: %,d MB before, %,d MB at most, %,d MB after%n", sampler.rssBefore / 1024,
                    sampler.rssPeak / 1024, rssKb(pid) / 1024);
        }
        System.exit(0);
    }

    private static String outcome(HttpResponse<String> r, Throwable e, long t0) {
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (e != null) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return seconds + "\tno answer: " + cause.getClass().getSimpleName() + " " + cause.getMessage();
        }
        String retry = r.headers().firstValue("Retry-After").map(v -> ", Retry-After " + v).orElse("");
        return seconds + "\t" + r.statusCode() + retry + (r.statusCode() >= 500 && r.statusCode() != 503
                ? " " + r.body() : "");
    }

    /** One request sent by a curl process; its outcome as {@link #outcome} writes it. */
    private static CompletableFuture<String> curl(String base, String token, Path body) throws IOException {
        Process p = new ProcessBuilder("curl", "-s", "-o", "/dev/null", "--max-time", "300",
                "-w", "%{http_code}\t%{time_total}\t%header{retry-after}", "-H", "Authorization: Bearer " + token,
                "-H", "Content-Type: application/json", "--data-binary", "@" + body, base + "/api/discretize")
                .redirectErrorStream(true).start();
        return p.onExit().thenApply(done -> {
            try {
                String[] out = new String(done.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\t");
                String status = out[0].equals("000") ? "no answer (curl exit " + done.exitValue() + ")" : out[0];
                return out[1] + "\t" + status + (out.length > 2 && !out[2].isBlank() ? ", Retry-After " + out[2] : "");
            } catch (IOException e) {
                return "0\tno answer: " + e;
            }
        });
    }

    /** {"range":"kl","values":[...]}: Gaussian float32 numbers as Java prints them, about 10 bytes each. */
    private static byte[] body(int numbers) {
        SplittableRandom random = new SplittableRandom(11);
        StringBuilder json = new StringBuilder(numbers * 11 + 40).append("{\"range\":\"kl\",\"values\":[");
        for (int i = 0; i < numbers; i++) {
            json.append(i == 0 ? "" : ",").append((float) random.nextGaussian());
        }
        return json.append("]}").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Registers a student with the course's join code and returns their API token. */
    private static String studentToken(String base, String joinCode, String name) throws Exception {
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String page = http.send(HttpRequest.newBuilder(URI.create(base + "/register")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = CSRF_META.matcher(page);
        if (!csrf.find()) {
            throw new IllegalStateException("no CSRF token on /register");
        }
        String email = name + "@bench.local";
        String password = name + "-password";
        String form = "_csrf=" + enc(csrf.group(1)) + "&joinCode=" + enc(joinCode) + "&name=" + enc(name) + "&email="
                + enc(email) + "&password=" + enc(password);
        HttpResponse<String> registered = http.send(HttpRequest.newBuilder(URI.create(base + "/register"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (registered.statusCode() != 303) {
            throw new IllegalStateException("registration failed: " + registered.statusCode());
        }
        String token = http.send(HttpRequest.newBuilder(URI.create(base + "/api/tokens"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return token.replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Polls /healthz every 250 ms and the server's heap and RSS every second, each on its own thread. */
    private static final class Sampler {
        private final String base;
        private final long pid;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();
        volatile int polls;
        volatile int healthy;
        volatile double slowestHealth;
        volatile String healthFailure;
        volatile long heapBefore = -1;
        volatile long heapPeak;
        volatile long rssBefore = -1;
        volatile long rssPeak;

        Sampler(String base, long pid) {
            this.base = base;
            this.pid = pid;
        }

        void start() {
            threads.add(new Thread(this::pollHealth));
            if (pid > 0) {
                threads.add(new Thread(this::sampleMemory));
            }
            threads.forEach(t -> {
                t.setDaemon(true);
                t.start();
            });
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join();
            }
        }

        private void pollHealth() {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            while (running.get()) {
                long t0 = System.nanoTime();
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/healthz"))
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        healthy++;
                    } else {
                        healthFailure = "status " + r.statusCode();
                    }
                } catch (IOException | InterruptedException e) {
                    healthFailure = e.getClass().getSimpleName() + " " + e.getMessage();
                }
                polls++;
                slowestHealth = Math.max(slowestHealth, (System.nanoTime() - t0) / 1e9);
                sleep(250);
            }
        }

        private void sampleMemory() {
            while (running.get()) {
                long heap = heapKb(pid)[1];
                long rss = rssKb(pid);
                if (heapBefore < 0) {
                    heapBefore = heap;
                    rssBefore = rss;
                }
                heapPeak = Math.max(heapPeak, heap);
                rssPeak = Math.max(rssPeak, rss);
                sleep(1000);
            }
        }
    }

    /** {committed, used} heap in KB, from jcmd. */
    private static long[] heapKb(long pid) {
        String out = run("jcmd", Long.toString(pid), "GC.heap_info");
        Matcher m = HEAP_USED.matcher(out);
        return m.find() ? new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))} : new long[] {0, 0};
    }

    private static long[] heapAfterGc(long pid) throws InterruptedException {
        run("jcmd", Long.toString(pid), "GC.run");
        Thread.sleep(2000);
        return heapKb(pid);
    }

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", ""));
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out;
        } catch (IOException | InterruptedException e) {
            return "";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opt = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        if (!opt.containsKey("base") || !opt.containsKey("join-code")) {
            throw new IllegalArgumentException("give --base http://host:port and --join-code CODE");
        }
        return opt;
    }
}
