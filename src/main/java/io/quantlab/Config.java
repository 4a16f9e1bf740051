package io.quantlab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every setting QuantLab reads, from environment variables with defaults. This is the only
 * place that reads the environment; the README lists the same variables.
 */
public record Config(
        int port,
        Path home,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        Path fashionMnistDir,
        int workers,
        Duration jobTimeLimit,
        Duration sessionLifetime,
        int maxQueuedJobsPerUser,
        int maxUploadMegabytes,
        int bodiesInFlightMegabytes,
        int bodiesInFlightPerUserMegabytes,
        String adminEmail,
        String adminPassword,
        boolean trainingWarmUp,
        boolean secureCookies,
        Set<String> trustedProxies) {

    /**
     * The largest request body read into memory: Lab 1's million pasted numbers as a form or JSON.
     * A budget for bodies in flight smaller than this would refuse such a request forever.
     */
    public static final int LARGEST_BODY_MEGABYTES = 32;

    public static Config fromEnvironment() {
        return from(System.getenv());
    }

    public static Config from(Map<String, String> env) {
        int bodiesInFlight = intSetting(env, "QUANTLAB_BODIES_IN_FLIGHT_MB", 256, LARGEST_BODY_MEGABYTES, 100_000);
        int bodiesInFlightPerUser = intSetting(env, "QUANTLAB_BODIES_IN_FLIGHT_PER_USER_MB", 64,
                LARGEST_BODY_MEGABYTES, bodiesInFlight);
        Path home = Path.of(env.getOrDefault("QUANTLAB_HOME", "quantlab-data")).toAbsolutePath();
        // WRITE_DELAY=0: a commit reaches the file at once; H2's default (500 ms) loses the last
        // half second of committed results, a finished job's included, to a kill -9
        String defaultUrl = "jdbc:h2:file:" + home.resolve("db").resolve("quantlab")
                + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
        return new Config(
                intSetting(env, "QUANTLAB_PORT", 7070, 0, 65535),
                home,
                env.getOrDefault("QUANTLAB_DB_URL", defaultUrl),
                env.getOrDefault("QUANTLAB_DB_USER", "sa"),
                env.getOrDefault("QUANTLAB_DB_PASSWORD", ""),
                Path.of(env.getOrDefault("QUANTLAB_FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist")),
                intSetting(env, "QUANTLAB_WORKERS", Runtime.getRuntime().availableProcessors(), 0, 64),
                Duration.ofMinutes(intSetting(env, "QUANTLAB_JOB_TIME_LIMIT_MINUTES", 30, 1, 24 * 60)),
                Duration.ofHours(intSetting(env, "QUANTLAB_SESSION_HOURS", 12, 1, 24 * 30)),
                intSetting(env, "QUANTLAB_MAX_QUEUED_JOBS_PER_USER", 5, 1, 1000),
                intSetting(env, "QUANTLAB_MAX_UPLOAD_MB", 300, 1, 10_000),
                bodiesInFlight,
                bodiesInFlightPerUser,
                blankToNull(env.get("QUANTLAB_ADMIN_EMAIL")),
                blankToNull(env.get("QUANTLAB_ADMIN_PASSWORD")),
                booleanSetting(env, "QUANTLAB_TRAINING_WARMUP", true),
                booleanSetting(env, "QUANTLAB_SECURE_COOKIES", false),
                listSetting(env, "QUANTLAB_TRUSTED_PROXIES"));
    }

    /** Where instructors' uploaded data sets live, one folder each. */
    public Path userDatasetsDir() {
        return home.resolve("datasets");
    }

    public long maxUploadBytes() {
        return maxUploadMegabytes * 1024L * 1024L;
    }

    /** Request bodies all users together may have in flight (declared size, being read or answered). */
    public long bodiesInFlightBytes() {
        return bodiesInFlightMegabytes * 1024L * 1024L;
    }

    /** Request bodies one user may have in flight. */
    public long bodiesInFlightPerUserBytes() {
        return bodiesInFlightPerUserMegabytes * 1024L * 1024L;
    }

    private static int intSetting(Map<String, String> env, String name, int fallback, int min, int max) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + raw);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + raw + "'");
        }
    }

    private static boolean booleanSetting(Map<String, String> env, String name, boolean fallback) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        return switch (raw.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "on", "yes", "1" -> true;
            case "false", "off", "no", "0" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, got '" + raw + "'");
        };
    }

    /** Comma-separated values, blanks dropped. */
    private static Set<String> listSetting(Map<String, String> env, String name) {
        return Arrays.stream(env.getOrDefault(name, "").split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
