package io.quantlab.jobs;

import io.quantlab.account.Role;
import io.quantlab.account.UserStore;
import io.quantlab.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** One queued experiment on a fresh H2 file database with all migrations: a job for the job tests. */
final class QueuedExperiment implements AutoCloseable {
    final Database db;
    final JobTable jobs;
    final long id;

    QueuedExperiment() throws IOException {
        String url = "jdbc:h2:file:" + Files.createTempDirectory("quantlab-jobs").resolve("quantlab");
        db = Database.open(url, "sa", "", Path.of("migrations"));
        jobs = new JobTable(db, "experiments", "RUNNING", "cancel_requested");
        long owner = db.transaction(tx -> new UserStore(db).insert(tx, "ada@example.org", "Ada", "x", Role.STUDENT));
        id = db.insert("INSERT INTO experiments (owner_id, kind, status, config, created_at) "
                + "VALUES (?, 'train', 'QUEUED', '{}', ?)", owner, Instant.now());
    }

    /** One column of the experiment's row, as text. */
    String column(String name) {
        return db.one("SELECT " + name + " FROM experiments WHERE id = ?", r -> r.getString(1), id).orElseThrow();
    }

    /** Someone pressed Cancel. */
    void cancelRequested() {
        db.update("UPDATE experiments SET cancel_requested = TRUE WHERE id = ?", id);
    }

    @Override
    public void close() {
        db.close();
    }
}
