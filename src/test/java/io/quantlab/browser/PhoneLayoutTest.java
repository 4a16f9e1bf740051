package io.quantlab.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import com.microsoft.playwright.options.LoadState;
import com.microsoft.playwright.options.SelectOption;
import io.quantlab.TestServer;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every page on a 390 px phone: nothing scrolls sideways, charts keep a readable width and every
 * chart axis has a title. Also takes the screenshots of docs/images/pages at 1280 and 390 px.
 */
class PhoneLayoutTest extends BrowserTest {
    static final int PHONE = 390;
    static final int DESKTOP = 1280;
    static final int MIN_CHART_WIDTH = 300;
    static final Path PAGES = BrowserSession.SCREENSHOTS.resolve("pages");
    static final String STUDENT_EMAIL = "phone-student@example.org";
    static final String STUDENT_PASSWORD = "student-password-1";

    /** Width, overflow and chart facts of the page as drawn. */
    private static final String MEASURE = """
            () => {
              const charts = typeof Chart === 'undefined' ? [] : Object.values(Chart.instances);
              const untitled = [];
              charts.forEach((chart) => Object.entries(chart.scales).forEach(([id, scale]) => {
                const o = scale.options;
                if (o.display !== false && !(o.title && o.title.display && o.title.text)) untitled.push(chart.canvas.id + '.' + id);
              }));
              const narrow = [...document.querySelectorAll('canvas')]
                .map((c) => [c.id, Math.round(c.getBoundingClientRect().width)])
                .filter(([, w]) => w > 0 && w < %d).map(([id, w]) => id + ' ' + w + ' px');
              const wide = [...document.querySelectorAll('body *')]
                .filter((e) => e.getBoundingClientRect().right > window.innerWidth && !e.closest('.table-scroll, .scroll, pre'))
                .slice(0, 5).map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : ''));
              return { scrollWidth: document.documentElement.scrollWidth, viewport: window.innerWidth,
                       charts: charts.length, untitled: untitled.join(', '), narrow: narrow.join(', '), wide: wide.join(', ') };
            }""".formatted(MIN_CHART_WIDTH);

    static long experimentId;
    static long ptqId;
    static long targetExercise;
    static long essayExercise;
    static String gradingPath;
    static String removeStudentPath;

    @BeforeAll
    static void finishedTrainingAndAStudent() {
        Page page = instructorPage();
        experimentId = trainFromTheForm(page, "mlp", "synthetic", 2, 2000);
        page.waitForFunction("() => document.getElementById('loss-chart').dataset.points");
        int points = Integer.parseInt(page.locator("#loss-chart").getAttribute("data-points"));
        assertTrue(points >= 50, "the loss curve of a training of seconds has a point per step, not one a second: " + points);
        // a baseline of the course, so its student may open it too
        page.selectOption("#baseline-form select[name=courseId]", new SelectOption().setIndex(1));
        page.click("#baseline-form button[type=submit]");
        page.waitForSelector("#baseline-note");
        page.click("#baseline-quantize"); // the notice's promise leads to the PTQ form
        page.click("#ptq-submit");
        page.waitForSelector("#ptq-table", new Page.WaitForSelectorOptions().setTimeout(120_000));
        ptqId = experimentIdOf(page);
        targetExercise = createExercise(page, "target", "An accurate eight-bit MLP");
        essayExercise = createExercise(page, "essay", "Why per-channel scales help");

        Page student = browser.newPage();
        student.navigate(server.url("/register"));
        student.fill("input[name=joinCode]", server.joinCode());
        student.fill("input[name=name]", "Phone Student");
        student.fill("input[name=email]", STUDENT_EMAIL);
        student.fill("input[name=password]", STUDENT_PASSWORD);
        student.click("button[type=submit]");
        student.waitForURL("**/course");
        student.navigate(server.url("/exercises/" + essayExercise));
        student.fill("#answer-text", "Each output channel gets a scale that fits its own range of weights.");
        student.click("#submit-attempt");
        student.waitForSelector("#attempt-list");
        // a tiny training of the student's own handed in to the target exercise: its board gets a point to draw
        long training = trainFromTheForm(student, "mlp", "synthetic", 1, 1000);
        student.navigate(server.url("/exercises/" + targetExercise));
        student.fill("#experiment", String.valueOf(training));
        student.click("#submit-attempt");
        student.waitForSelector("#attempt-list .score");
        student.context().close();

        page.navigate(server.url("/exercises/" + essayExercise));
        gradingPath = page.getAttribute(".grade-link", "href");
        page.navigate(server.url("/courses/1"));
        removeStudentPath = page.getAttribute("a.remove-student", "href");
        page.context().close();
    }

    /** An exercise of the first course, open since an hour, due tomorrow: its id. */
    private static long createExercise(Page page, String kind, String title) {
        DateTimeFormatter minute = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        page.navigate(server.url("/courses/1/exercises"));
        page.selectOption("#kind", kind);
        page.fill("#title", title);
        page.fill("#opensAt", now.minusHours(1).format(minute));
        page.fill("#dueAt", now.plusHours(24).format(minute));
        page.fill("#locksAt", now.plusHours(48).format(minute));
        if (kind.equals("target")) {
            page.fill("#target-fields input[name=dataset]", "synthetic");
            page.fill("#target-fields input[name=model]", "mlp");
            page.fill("#target-fields input[name=maxWeightBits]", "8");
            page.fill("#target-fields input[name=minAccuracy]", "10");
        } else {
            page.fill("#body", "Why do per-channel scales keep a network's accuracy where one scale loses it?");
            page.fill("#rubric", "2 | names the weight ranges per channel");
        }
        page.click("#create-exercise");
        page.waitForURL("**/exercises/*");
        return Long.parseLong(page.url().replaceAll(".*/exercises/(\\d+).*", "$1"));
    }

    @Test
    void everyPageFitsAPhoneWithReadableTitledCharts() {
        List<String> problems = new ArrayList<>();
        Page anonymous = browser.newPage(PHONE, 844);
        for (String path : List.of("/signin", "/register")) {
            check(anonymous, "signed out", path, problems);
        }
        anonymous.context().close();
        for (String[] who : new String[][] {{"instructor", TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD},
                {"student", STUDENT_EMAIL, STUDENT_PASSWORD}}) {
            Page page = browser.newPage(PHONE, 844);
            BrowserSession.signIn(page, server, who[1], who[2]);
            for (String path : signedInPages(who[1].equals(TestServer.ADMIN_EMAIL))) {
                check(page, who[0], path, problems);
            }
            page.context().close();
        }
        assertTrue(problems.isEmpty(), "at " + PHONE + " px:\n" + String.join("\n", problems));
    }

    /** The target exercise's board has the student's entry, so its Pareto chart is drawn (and measured above) at 390 px. */
    @Test
    void theExerciseLeaderboardDrawsItsParetoChartOnAPhone() {
        Page phone = browser.newPage(PHONE, 844);
        BrowserSession.signIn(phone, server, STUDENT_EMAIL, STUDENT_PASSWORD);
        open(phone, "/exercises/" + targetExercise + "/leaderboard");
        phone.waitForFunction("() => typeof Chart !== 'undefined' && Chart.getChart('pareto-chart')");
        Number width = (Number) phone.evaluate("() => Chart.getChart('pareto-chart').width");
        assertTrue(width.intValue() >= MIN_CHART_WIDTH && width.intValue() <= PHONE, "the Pareto chart is " + width + " px");
        assertEquals(1, phone.locator("#board-table tbody tr").count());
        phone.context().close();
    }

    /** The roster's rows stack on a phone, so "Remove…" is on screen, not past a sideways scroll; a desktop keeps the table. */
    @Test
    void theRosterShowsItsRemoveActionOnAPhoneAndStaysATableOnADesktop() {
        Page phone = browser.newPage(PHONE, 844);
        BrowserSession.signIn(phone, server, TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        open(phone, "/courses/1");
        BoundingBox remove = phone.locator("#roster-table a.remove-student").first().boundingBox();
        assertTrue(remove.x >= 0 && remove.x + remove.width <= PHONE, "Remove… at x " + remove.x + ", " + remove.width
                + " px wide, on a " + PHONE + " px screen");
        assertEquals(Boolean.FALSE, phone.evaluate("() => { const s = document.querySelector('#roster .table-scroll');"
                + " return s.scrollWidth > s.clientWidth; }"), "the roster does not scroll sideways");
        assertTrue(phone.locator("#roster-table td[data-label=E-mail]").first().textContent().contains("@"));
        phone.context().close();
        Page desktop = browser.newPage(DESKTOP, 900);
        BrowserSession.signIn(desktop, server, TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
        open(desktop, "/courses/1");
        assertEquals("table-header-group", desktop.evaluate(
                "() => getComputedStyle(document.querySelector('#roster-table thead')).display"));
        desktop.context().close();
    }

    /** The screenshots the guides show; at 390 px the check above has already passed or failed. */
    @Test
    void screenshotsOfEveryPageAtDesktopAndPhoneWidths() {
        for (int width : new int[] {DESKTOP, PHONE}) {
            Page page = browser.newPage(width, width == PHONE ? 844 : 900);
            for (String path : List.of("/signin", "/register")) {
                shoot(page, path, width);
            }
            BrowserSession.signIn(page, server, TestServer.ADMIN_EMAIL, TestServer.ADMIN_PASSWORD);
            for (String path : signedInPages(true)) {
                shoot(page, path, width);
            }
            page.context().close();
        }
    }

    /**
     * The pages a signed-in user opens; the PTQ result is the instructor's own (the student sees its
     * baseline). The classroom's: the course (the student's home), its exercises, an exercise and its
     * leaderboard; the instructor's course page, dashboard, exercise list, student preview and grading.
     */
    private static List<String> signedInPages(boolean instructor) {
        List<String> pages = new ArrayList<>(List.of("/labs", "/labs/discretize", "/experiments/" + experimentId,
                "/experiments", "/experiments/new", "/experiments/" + experimentId + "/quantize",
                "/experiments/" + experimentId + "/quantizer", "/experiments/" + experimentId + "/sweep", "/models", "/datasets",
                "/leaderboard", "/course", "/exercises/" + targetExercise, "/exercises/" + targetExercise + "/leaderboard",
                "/exercises/" + essayExercise, "/profile"));
        if (instructor) {
            pages.add(pages.indexOf("/models"), "/experiments/" + ptqId);
            pages.addAll(pages.indexOf("/profile"), List.of("/courses/1", "/courses/1/dashboard", "/courses/1/exercises",
                    "/courses/1/as-student", gradingPath, removeStudentPath));
            pages.add("/admin/people");
        } else {
            pages.add(pages.indexOf("/profile"), "/course/exercises");
        }
        return pages;
    }

    private static void open(Page page, String path) {
        assertEquals(200, page.navigate(server.url(path)).status(), path);
        page.waitForLoadState(LoadState.NETWORKIDLE);
        if (path.startsWith("/labs/discretize")) {
            page.waitForFunction("() => document.getElementById('chart-histogram')?.dataset.bits");
        }
    }

    private static void check(Page page, String who, String path, List<String> problems) {
        open(page, path);
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) page.evaluate(MEASURE);
        int scrollWidth = ((Number) m.get("scrollWidth")).intValue();
        int viewport = ((Number) m.get("viewport")).intValue();
        String where = who + " " + path + ": ";
        if (scrollWidth > viewport) {
            problems.add(where + "page is " + scrollWidth + " px wide for a " + viewport + " px screen (" + m.get("wide") + ")");
        }
        if (!((String) m.get("narrow")).isEmpty()) {
            problems.add(where + "charts under " + MIN_CHART_WIDTH + " px: " + m.get("narrow"));
        }
        if (!((String) m.get("untitled")).isEmpty()) {
            problems.add(where + "axes without a title: " + m.get("untitled"));
        }
    }

    private static void shoot(Page page, String path, int width) {
        open(page, path);
        // pages named by an id get a name that stays when ids change
        Map<String, String> named = Map.of("/experiments/" + ptqId, "ptq",
                "/exercises/" + targetExercise, "exercise-target",
                "/exercises/" + targetExercise + "/leaderboard", "exercise-leaderboard",
                "/exercises/" + essayExercise, "exercise-essay", gradingPath, "exercise-essay-grade",
                removeStudentPath, "courses-1-remove-student");
        String name = named.getOrDefault(path,
                path.replace("/experiments/" + experimentId, "/experiment").substring(1).replace('/', '-'));
        page.screenshot(new Page.ScreenshotOptions().setPath(PAGES.resolve(name + "-" + width + ".png")).setFullPage(true));
    }
}
