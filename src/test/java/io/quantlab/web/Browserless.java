package io.quantlab.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.quantlab.Json;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** An HTTP client with a cookie jar, for page and API tests without a browser. */
final class Browserless {
    private static final Pattern CSRF_META = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]*)\">");
    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final String base;

    Browserless(String base) {
        this.base = base;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postForm(String path, Map<String, String> fields) throws IOException, InterruptedException {
        String body = formBody(fields);
        return http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A form POST of an already encoded body, for a field sent more than once (checkboxes). */
    HttpResponse<String> postEncoded(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postMultipart(String path, Map<String, String> fields, String fileField, String filename,
            byte[] content) throws IOException, InterruptedException {
        return postMultipart(path, null, fields, fileField, filename, content);
    }

    /** A multipart POST; with a {@code token} (not null) as an API call. */
    HttpResponse<String> postMultipart(String path, String token, Map<String, String> fields, String fileField,
            String filename, byte[] content) throws IOException, InterruptedException {
        String boundary = "----quantlab" + System.nanoTime();
        var body = new java.io.ByteArrayOutputStream();
        for (Map.Entry<String, String> e : fields.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + e.getKey() + "\"\r\n\r\n"
                    + e.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\""
                + filename + "\"\r\nContent-Type: application/zip\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A form POST as htmx sends it: the HX-Request header and the CSRF token in a header. */
    HttpResponse<String> htmx(String path, String csrf, Map<String, String> fields)
            throws IOException, InterruptedException {
        String body = formBody(fields);
        return http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("HX-Request", "true")
                .header("X-CSRF-Token", csrf)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET as htmx's polling sends it: with the HX-Request header. */
    HttpResponse<String> htmxGet(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("HX-Request", "true").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** GETs {@code page} and returns the CSRF token its layout carries. */
    String csrfFrom(String page) throws IOException, InterruptedException {
        Matcher m = CSRF_META.matcher(get(page).body());
        if (!m.find()) {
            throw new AssertionError("no csrf meta tag on " + page);
        }
        return m.group(1);
    }

    HttpResponse<String> signIn(String email, String password) throws IOException, InterruptedException {
        String csrf = csrfFrom("/signin");
        return postForm("/signin", form("_csrf", csrf, "email", email, "password", password));
    }

    HttpResponse<String> api(String method, String path, String token, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A file's bytes from an API route, with a bearer token. */
    HttpResponse<byte[]> download(String path, String token) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Registers a student with a course's join code; this client is then signed in as them. */
    void registerStudent(String joinCode, String name, String email, String password)
            throws IOException, InterruptedException {
        String csrf = csrfFrom("/register");
        HttpResponse<String> r = postForm("/register", form("_csrf", csrf, "joinCode", joinCode, "name", name,
                "email", email, "password", password));
        if (r.statusCode() != 303) {
            throw new AssertionError("registration failed: " + r.statusCode() + " " + r.body());
        }
    }

    /** Chooses the password on a one-time invitation link ({@code /invite/…}); this client is then signed in. */
    void acceptInvitation(String link, String password) throws IOException, InterruptedException {
        HttpResponse<String> r = postForm(link, form("_csrf", csrfFrom(link), "password", password));
        if (r.statusCode() != 303) {
            throw new AssertionError("invitation not accepted: " + r.statusCode() + " " + r.body());
        }
    }

    /** A personal API token for the given account. */
    String apiToken(String email, String password) throws IOException, InterruptedException {
        HttpResponse<String> r = api("POST", "/api/tokens", null,
                "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
        if (r.statusCode() != 201) {
            throw new AssertionError("no token: " + r.body());
        }
        return json(r).get("token").asText();
    }

    /** Starts an experiment ({@code POST /api/experiments}, answered 202) and returns its id. */
    long startExperiment(String token, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = api("POST", "/api/experiments", token, body);
        if (r.statusCode() != 202) {
            throw new AssertionError("not started: " + r.statusCode() + " " + r.body());
        }
        return json(r).get("id").asLong();
    }

    /**
     * Polls the experiment until it has {@code status}; fails when it ends otherwise (only
     * "running" may be passed on the way) or the time is up.
     */
    JsonNode awaitStatus(String token, long id, String status, java.time.Duration limit) throws Exception {
        java.time.Instant deadline = java.time.Instant.now().plus(limit);
        JsonNode last = null;
        while (java.time.Instant.now().isBefore(deadline)) {
            last = json(api("GET", "/api/experiments/" + id, token, null));
            String now = last.get("status").asText();
            if (status.equals(now)) {
                return last;
            }
            if (!"running".equals(status) && now.matches("done|failed|cancelled")) {
                break;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("experiment " + id + " did not reach " + status + ": " + last);
    }

    /** The status of the newest upload called {@code name} on the data sets page's import list, or null. */
    String importStatus(String name) throws IOException, InterruptedException {
        Matcher m = Pattern.compile("data-name=\"" + Pattern.quote(name) + "\" data-status=\"([a-z]+)\"")
                .matcher(get("/datasets/imports").body());
        return m.find() ? m.group(1) : null;
    }

    /**
     * Polls the import list until the upload called {@code name} has {@code status}; fails when it
     * ends otherwise or the time is up. Returns every status seen, in order.
     */
    java.util.List<String> awaitImport(String name, String status, java.time.Duration limit) throws Exception {
        java.time.Instant deadline = java.time.Instant.now().plus(limit);
        java.util.List<String> seen = new java.util.ArrayList<>();
        while (java.time.Instant.now().isBefore(deadline)) {
            String now = importStatus(name);
            if (now != null && (seen.isEmpty() || !seen.get(seen.size() - 1).equals(now))) {
                seen.add(now);
            }
            if (status.equals(now)) {
                return seen;
            }
            if (now != null && now.matches("ready|failed")) {
                break;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the import of " + name + " did not reach " + status + ": " + seen);
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return Json.MAPPER.readTree(response.body());
    }

    static Map<String, String> form(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static String formBody(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
