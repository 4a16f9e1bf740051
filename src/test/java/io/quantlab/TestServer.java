package io.quantlab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A real QuantLab on a random port with its own H2 file database in a temp folder. */
public final class TestServer implements AutoCloseable {
    public static final String ADMIN_EMAIL = "teacher@example.org";
    public static final String ADMIN_PASSWORD = "correct-horse-battery";

    private final Path home;
    private App app;

    private TestServer(Path home) {
        this.home = home;
    }

    public static TestServer start() throws IOException {
        return start(Files.createTempDirectory("quantlab-test"), 1);
    }

    /** Starts on {@code home} (reused across restarts) with {@code workers} job threads (0: web only). */
    public static TestServer start(Path home, int workers) throws IOException {
        return start(home, workers, Map.of());
    }

    /** As {@link #start(Path, int)}, with more settings, e.g. a small upload limit. */
    public static TestServer start(Path home, int workers, Map<String, String> settings) throws IOException {
        TestServer server = new TestServer(home);
        server.app = App.start(config(home, workers, settings), Path.of("migrations"));
        return server;
    }

    static Config config(Path home, int workers) {
        return config(home, workers, Map.of());
    }

    static Config config(Path home, int workers, Map<String, String> settings) {
        return Config.from(settings(home, workers, settings));
    }

    /** The environment a test server reads: a web server on a free port, its admin account, home and workers. */
    static Map<String, String> settings(Path home, int workers, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>();
        env.put("QUANTLAB_TRAINING_WARMUP", "false"); // tests time nothing; TrainingWarmUpTest runs it
        env.putAll(settings);
        env.put("QUANTLAB_HOME", home.toString());
        env.put("QUANTLAB_PORT", "0");
        env.put("QUANTLAB_WORKERS", Integer.toString(workers));
        env.put("QUANTLAB_ADMIN_EMAIL", ADMIN_EMAIL);
        env.put("QUANTLAB_ADMIN_PASSWORD", ADMIN_PASSWORD);
        String fashion = System.getenv("QUANTLAB_FASHION_MNIST_DIR");
        if (fashion != null) {
            env.put("QUANTLAB_FASHION_MNIST_DIR", fashion);
        }
        return env;
    }

    public Path home() {
        return home;
    }

    public String url(String path) {
        return "http://localhost:" + app.port() + path;
    }

    public String joinCode() {
        return app.firstStart().map(c -> c.joinCode()).orElseThrow();
    }

    /** The data set training tests use: Fashion-MNIST when installed, else the synthetic one. */
    public static String trainingDataset() {
        String dir = System.getenv().getOrDefault("QUANTLAB_FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist");
        return Files.exists(Path.of(dir, "train-images-idx3-ubyte.gz")) ? "fashion-mnist" : "synthetic";
    }

    /** Runs one SQL update on the server's database, for states a test cannot reach otherwise. */
    public int sql(String update) throws java.sql.SQLException {
        Config c = config(home, 0);
        try (var connection = java.sql.DriverManager.getConnection(c.databaseUrl(), c.databaseUser(),
                c.databasePassword()); var statement = connection.createStatement()) {
            return statement.executeUpdate(update);
        }
    }

    /** Runs one {@code SELECT COUNT(*) ...} on the server's database, for what no page or API shows. */
    public long count(String select) throws java.sql.SQLException {
        return count(home, select);
    }

    /** As {@link #count(String)}, on the database in {@code home}, while no server has it open. */
    public static long count(Path home, String select) throws java.sql.SQLException {
        Config c = config(home, 0);
        try (var connection = java.sql.DriverManager.getConnection(c.databaseUrl(), c.databaseUser(),
                c.databasePassword()); var statement = connection.createStatement();
                var rows = statement.executeQuery(select)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** A stored artifact of an experiment ({@code ExperimentStore}'s kinds), for what no page or API hands out whole. */
    public byte[] artifact(long experimentId, String kind) throws java.sql.SQLException {
        Config c = config(home, 0);
        try (var connection = java.sql.DriverManager.getConnection(c.databaseUrl(), c.databaseUser(),
                c.databasePassword()); var select = connection.prepareStatement(
                        "SELECT content FROM artifacts WHERE experiment_id = ? AND kind = ?")) {
            select.setLong(1, experimentId);
            select.setString(2, kind);
            try (var rows = select.executeQuery()) {
                return rows.next() ? rows.getBytes(1) : null;
            }
        }
    }

    @Override
    public void close() {
        app.close();
    }
}
