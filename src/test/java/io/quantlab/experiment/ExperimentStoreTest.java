package io.quantlab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.Json;
import io.quantlab.account.Role;
import io.quantlab.account.UserStore;
import io.quantlab.jobs.JobAttempt;
import io.quantlab.store.Database;
import io.quantlab.store.Rows;
import io.quantlab.train.TrainConfig;
import io.quantlab.train.TrainReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The experiments table on a real H2 file database with all migrations. */
class ExperimentStoreTest {
    private static final Path MIGRATIONS = Path.of("migrations");
    private static final TrainConfig CONFIG = TrainConfig.defaults("synthetic", "mlp");

    private Database db;
    private ExperimentStore store;
    private long owner;

    @BeforeEach
    void openDatabase() throws IOException {
        String url = "jdbc:h2:file:" + Files.createTempDirectory("quantlab-store").resolve("quantlab");
        db = Database.open(url, "sa", "", MIGRATIONS);
        store = new ExperimentStore(db);
        owner = db.transaction(tx -> new UserStore(db).insert(tx, "ada@example.org", "Ada", "x", Role.STUDENT));
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    @Test
    void theBoardReadsTheFinishedExperimentsOfItsPairBestFirstUpToTheLimit() {
        long a = finishedTraining(71.5);
        long b = finishedTraining(88.25);
        long c = finishedTraining(64.0);
        long d = finishedTraining(90.0);
        long e = finishedTraining(88.25);
        finishedTraining(12.0);
        long queued = queued();
        long failed = queued();
        store.jobs().fail(store.jobs().claim(failed).orElseThrow(), "out of memory");
        long otherModel = new FinishedExperiments(db).training(owner, "synthetic", "small-cnn", 99.0, 4096);

        List<Experiment> best = store.finishedOnBoard(owner, "synthetic", "mlp", 4);

        assertEquals(List.of(d, b, e, a), best.stream().map(Experiment::id).toList(), "a tie keeps the earlier first");
        assertEquals(List.of(90.0, 88.25, 88.25, 71.5), best.stream().map(x -> x.metrics().testAccuracy()).toList());
        assertTrue(best.stream().allMatch(x -> x.status() == ExperimentStatus.DONE && "Ada".equals(x.ownerName())));
        List<Experiment> all = store.finishedOnBoard(owner, "synthetic", "mlp", 50);
        assertEquals(6, all.size(), "only finished ones of the pair: not " + queued + ", " + failed + " or " + otherModel);
        assertEquals(c, all.get(4).id());
        assertEquals(List.of(new DatasetAndModel("synthetic", "mlp", 6), new DatasetAndModel("synthetic", "small-cnn", 1)),
                store.pairsOnBoard(owner));
    }

    @Test
    void aQuantizationAnsweredFromAnIdenticalOneIsOnTheBoardOfItsDataSetAndModel() {
        FinishedExperiments finished = new FinishedExperiments(db);
        long parent = finished.training(owner, "synthetic", "mlp", 80.0, 4096);
        long twin = finished.ptq(owner, parent, io.quantlab.ptq.PtqConfig.defaults(),
                FinishedExperiments.deployed(79.5, 80.0, 1024, null));
        ExperimentConfig config = store.find(twin).orElseThrow().config();

        long copy = db.transaction(tx -> store.insertCopyOf(tx, twin, owner, config, parent, "same-request"));

        assertEquals(List.of(parent, twin, copy), store.finishedOnBoard(owner, "synthetic", "mlp", 10).stream()
                .map(Experiment::id).toList());
    }

    @Test
    void migrationFillsTheDataSetAndModelOfEarlierExperimentsFromTheirConfig() throws Exception {
        String earlier = databaseAtVersion("15");
        long training;
        long ptq;
        try (Connection v15 = DriverManager.getConnection(earlier, "sa", "")) {
            long user = insert(v15, "INSERT INTO users (email, display_name, password_hash, role, created_at) "
                    + "VALUES ('bo@example.org', 'Bo', 'x', 'STUDENT', CURRENT_TIMESTAMP)");
            training = insertDone(v15, user, Json.write(TrainConfig.defaults("fashion-mnist", "small-cnn")),
                    Json.write(metrics(85.0)));
            ptq = insertDone(v15, user, Json.write(new ExperimentConfig.Ptq(training, "fashion-mnist", "small-cnn",
                    io.quantlab.ptq.PtqConfig.defaults()).json()), null);
        }

        try (Database migrated = Database.open(earlier, "sa", "", MIGRATIONS)) {
            for (long id : new long[] {training, ptq}) {
                assertEquals(List.of("fashion-mnist small-cnn"), migrated.query("SELECT dataset, model FROM experiments "
                        + "WHERE id = ?", r -> r.getString(1) + " " + r.getString(2), id));
            }
        }
    }

    @Test
    void finishingATrainingWritesItsTestAccuracyColumn() {
        long id = queued();
        JobAttempt run = store.jobs().claim(id).orElseThrow();
        assertNull(column(db, id));

        store.finish(run, metrics(83.75), new byte[] {1, 2, 3}, report());

        assertEquals(83.75, column(db, id));
        assertEquals(83.75, store.find(id).orElseThrow().metrics().testAccuracy());
    }

    @Test
    void migrationFillsTheTestAccuracyOfEarlierTrainingsFromTheirMetrics() throws Exception {
        String earlier = databaseAtVersion("10");
        long plain;
        long tiny;
        long notANumber;
        long otherShape;
        long noMetrics;
        try (Connection v10 = DriverManager.getConnection(earlier, "sa", "")) {
            long user = insert(v10, "INSERT INTO users (email, display_name, password_hash, role, created_at) "
                    + "VALUES ('bo@example.org', 'Bo', 'x', 'STUDENT', CURRENT_TIMESTAMP)");
            plain = insertDone(v10, user, Json.write(metrics(85.48)));
            tiny = insertDone(v10, user, Json.write(metrics(1.0E-4)));
            notANumber = insertDone(v10, user, Json.write(metrics(Double.NaN)));
            otherShape = insertDone(v10, user, "{\"accuracy\":50.0,\"testAccuracy\":60.0}");
            noMetrics = insertDone(v10, user, null);
        }

        try (Database migrated = Database.open(earlier, "sa", "", MIGRATIONS)) {
            assertEquals(85.48, column(migrated, plain));
            assertEquals(1.0E-4, column(migrated, tiny));
            assertNull(column(migrated, notANumber), Json.write(metrics(Double.NaN)));
            assertNull(column(migrated, otherShape));
            assertNull(column(migrated, noMetrics));
            assertEquals(List.of(plain, tiny), migrated.query("SELECT id FROM experiments WHERE kind = 'train' "
                    + "AND status = 'DONE' ORDER BY test_accuracy DESC NULLS LAST, id LIMIT 2", r -> r.getLong(1)));
        }
    }

    @Test
    void cancellingAQueuedJobEndsItAndReturnsWhatAFreshReadShows() {
        long id = queued();

        Experiment after = store.requestCancel(store.find(id).orElseThrow());

        assertEquals(ExperimentStatus.CANCELLED, after.status());
        assertEquals(store.find(id).orElseThrow(), after);
    }

    @Test
    void cancellingARunningJobAsksItToStopAndReturnsWhatAFreshReadShows() {
        long id = queued();
        store.jobs().claim(id);

        Experiment after = store.requestCancel(store.find(id).orElseThrow());

        assertEquals(ExperimentStatus.RUNNING, after.status());
        assertTrue(after.cancelRequested());
        assertEquals(store.find(id).orElseThrow(), after);
    }

    @Test
    void cancellingAFinishedJobChangesNothing() {
        long id = finishedTraining(70.0);
        Experiment before = store.find(id).orElseThrow();

        assertEquals(before, store.requestCancel(before));
        assertEquals(before, store.find(id).orElseThrow());
    }

    @Test
    void cancellingAJobThatAWorkerStartedMeanwhileReturnsItRunning() {
        long id = queued();
        Experiment seenQueued = store.find(id).orElseThrow();
        store.jobs().claim(id);

        Experiment after = store.requestCancel(seenQueued);

        assertEquals(ExperimentStatus.RUNNING, after.status());
        assertEquals(store.find(id).orElseThrow(), after);
    }

    private long queued() {
        return db.transaction(tx -> store.insertQueued(tx, owner, new ExperimentConfig.Training(CONFIG)));
    }

    private long finishedTraining(double testAccuracy) {
        long id = queued();
        store.finish(store.jobs().claim(id).orElseThrow(), metrics(testAccuracy), new byte[] {1}, report());
        return id;
    }

    /** The URL of a new database migrated up to {@code version}, as a server of that time left it. */
    private static String databaseAtVersion(String version) throws IOException {
        String url = "jdbc:h2:file:" + Files.createTempDirectory("quantlab-v" + version).resolve("quantlab");
        Flyway.configure().dataSource(url, "sa", "").locations("filesystem:" + MIGRATIONS.toAbsolutePath())
                .target(version).load().migrate();
        return url;
    }

    private static Double column(Database db, long id) {
        return db.query("SELECT test_accuracy FROM experiments WHERE id = ?",
                r -> Rows.nullableDouble(r, "test_accuracy"), id).get(0);
    }

    private static long insertDone(Connection c, long owner, String metrics) throws SQLException {
        return insertDone(c, owner, Json.write(CONFIG), metrics);
    }

    private static long insertDone(Connection c, long owner, String config, String metrics) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO experiments (owner_id, kind, status, config, "
                + "metrics, created_at, finished_at) VALUES (?, 'train', 'DONE', ?, ?, CURRENT_TIMESTAMP, "
                + "CURRENT_TIMESTAMP)", new String[] {"id"})) {
            insert.setLong(1, owner);
            insert.setString(2, config);
            insert.setString(3, metrics);
            return generatedId(insert);
        }
    }

    private static long insert(Connection c, String sql) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(sql, new String[] {"id"})) {
            return generatedId(insert);
        }
    }

    private static long generatedId(PreparedStatement insert) throws SQLException {
        insert.executeUpdate();
        try (ResultSet keys = insert.getGeneratedKeys()) {
            keys.next();
            return keys.getLong(1);
        }
    }

    private static TrainMetrics metrics(double testAccuracy) {
        return new TrainMetrics(testAccuracy, 0.5, 0.05, 4096, 1024, 1.5);
    }

    private static TrainReport report() {
        return new TrainReport(List.of(), new double[0], new long[0][0], null, null, 1, 0, List.of(), null, null);
    }
}
