package io.quantlab.bench;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.quantlab.Json;
import io.quantlab.TestServer;
import io.quantlab.discretize.DiscretizeLab;
import io.quantlab.discretize.DiscretizeSettings;
import io.quantlab.discretize.LabRun;
import io.quantlab.discretize.RangeMethod;
import io.quantlab.discretize.RoundingOption;
import io.quantlab.discretize.SchemeOption;
import io.quantlab.discretize.Signal;
import io.quantlab.web.DiscretizeResultsView;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Lab 1's service on 1,000,000 Gaussian samples at 16, 8, 4 and 2 bits, and the page fragment for
 * 10,000 samples; printed, not asserted (report: bench/discretize/README.md). Skipped unless asked for:
 * {@code mvn -B -o test -Dtest=DiscretizeBenchmark -Dquantlab.bench=true}. Run it alone: each test's
 * first measurement is its cold one, and the million-sample test runs first.
 */
@Tag("bench")
@EnabledIfSystemProperty(named = "quantlab.bench", matches = "true")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DiscretizeBenchmark {
    private static final int N = 1_000_000;
    private static final List<RangeMethod> METHODS = List.of(RangeMethod.MINMAX, RangeMethod.PERCENTILE,
            RangeMethod.MSE, RangeMethod.KL);
    private final DiscretizeLab lab = new DiscretizeLab();

    @Test
    @Order(1)
    void millionGaussianSamplesFourWidthsFourRangeMethods() {
        long cold = System.nanoTime();
        allMethods();
        System.out.printf("BENCH cold (first call in this JVM), 4 methods x 4 widths, signal generated per method: %.1f ms%n",
                (System.nanoTime() - cold) / 1e6);
        for (int i = 0; i < 15; i++) {
            allMethods();
        }
        int runs = 21;
        double[] total = new double[runs];
        double[][] perMethod = new double[METHODS.size()][runs];
        for (int r = 0; r < runs; r++) {
            long start = System.nanoTime();
            for (int m = 0; m < METHODS.size(); m++) {
                long t = System.nanoTime();
                lab.compare(settings(METHODS.get(m)));
                perMethod[m][r] = (System.nanoTime() - t) / 1e6;
            }
            total[r] = (System.nanoTime() - start) / 1e6;
        }
        for (int m = 0; m < METHODS.size(); m++) {
            System.out.printf("BENCH warm %-10s 1M gaussian, bits 16,8,4,2 (one API request's work): median %.1f ms, min %.1f ms%n",
                    METHODS.get(m).label(), median(perMethod[m]), min(perMethod[m]));
        }
        System.out.printf("BENCH warm all four methods back to back: median %.1f ms, min %.1f ms%n", median(total), min(total));
        double[] generate = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t = System.nanoTime();
            Signal.GAUSSIAN.generate(N, r);
            generate[r] = (System.nanoTime() - t) / 1e6;
        }
        System.out.printf("BENCH warm generating 1M gaussian samples alone: median %.1f ms%n", median(generate));
    }

    /** Server work for one htmx update: explore, chart JSON, template; then the same through HTTP. */
    @Test
    @Order(2)
    void pageFragmentForTenThousandSamples() throws Exception {
        TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
        DiscretizeSettings settings = new DiscretizeSettings(Signal.GAUSSIAN, 10_000, 0, List.of(16, 8, 4, 2),
                SchemeOption.ASYMMETRIC, RoundingOption.HALF_EVEN, RangeMethod.KL, 99.9, null);
        double[] direct = new double[201];
        int bytes = 0;
        for (int r = 0; r < direct.length; r++) {
            long t = System.nanoTime();
            LabRun run = lab.explore(settings, null);
            StringOutput out = new StringOutput();
            templates.render("discretizeResults.jte", new DiscretizeResultsView(run, io.quantlab.web.PageJson.of(run.plots()), true), out);
            bytes = out.toString().length();
            direct[r] = (System.nanoTime() - t) / 1e6;
        }
        System.out.printf("BENCH fragment 10k gaussian, bits 16,8,4,2, KL, service + chart JSON + template: cold %.1f ms,"
                + " warm median %.1f ms, min %.1f ms (%,d characters)%n", direct[0],
                median(Arrays.copyOfRange(direct, 100, 201)), min(direct), bytes);

        try (TestServer server = TestServer.start()) {
            HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
            String csrf = csrf(http, server.url("/signin"));
            http.send(HttpRequest.newBuilder(URI.create(server.url("/signin")))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf + "&email="
                            + URLEncoder.encode(TestServer.ADMIN_EMAIL, StandardCharsets.UTF_8) + "&password="
                            + URLEncoder.encode(TestServer.ADMIN_PASSWORD, StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.discarding());
            csrf = csrf(http, server.url("/labs/discretize"));
            HttpRequest fragment = HttpRequest.newBuilder(URI.create(server.url("/labs/discretize/results")))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("HX-Request", "true").header("X-CSRF-Token", csrf)
                    .POST(HttpRequest.BodyPublishers.ofString("signal=gaussian&n=10000&bits=16%2C8%2C4%2C2&range=kl"))
                    .build();
            double[] overHttp = new double[101];
            for (int r = 0; r < overHttp.length; r++) {
                long t = System.nanoTime();
                HttpResponse<String> response = http.send(fragment, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new AssertionError(response.body());
                }
                overHttp[r] = (System.nanoTime() - t) / 1e6;
            }
            System.out.printf("BENCH fragment over HTTP on localhost (session, CSRF, form parsing included): first %.1f ms,"
                    + " warm median %.1f ms%n", overHttp[0], median(Arrays.copyOfRange(overHttp, 50, 101)));
        }
    }

    private static String csrf(HttpClient http, String page) throws Exception {
        String html = http.send(HttpRequest.newBuilder(URI.create(page)).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]*)\">").matcher(html);
        if (!m.find()) {
            throw new AssertionError("no CSRF token on " + page);
        }
        return m.group(1);
    }

    private void allMethods() {
        for (RangeMethod m : METHODS) {
            lab.compare(settings(m));
        }
    }

    private static DiscretizeSettings settings(RangeMethod method) {
        return new DiscretizeSettings(Signal.GAUSSIAN, N, 0, List.of(16, 8, 4, 2), SchemeOption.ASYMMETRIC,
                RoundingOption.HALF_EVEN, method, 99.9, null);
    }

    private static double median(double[] xs) {
        double[] sorted = xs.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double min(double[] xs) {
        return Arrays.stream(xs).min().orElseThrow();
    }
}
