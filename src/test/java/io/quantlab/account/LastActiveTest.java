package io.quantlab.account;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quantlab.store.Database;
import io.quantlab.store.Rows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The roster's "last active": noted on use, written at most once a minute per person. */
class LastActiveTest {
    private Database db;
    private LastActive lastActive;
    private Instant now = Instant.parse("2026-03-02T09:00:00Z");
    private long ann;
    private long bob;

    @BeforeEach
    void twoPeople() throws IOException {
        db = Database.open("jdbc:h2:file:" + Files.createTempDirectory("quantlab-active").resolve("q"), "sa", "",
                Path.of("migrations"));
        UserStore users = new UserStore(db);
        lastActive = new LastActive(users, () -> now);
        ann = db.transaction(tx -> users.insert(tx, "ann@example.org", "Ann", "x", Role.STUDENT));
        bob = db.transaction(tx -> users.insert(tx, "bob@example.org", "Bob", "x", Role.STUDENT));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Instant stored(long id) {
        return db.query("SELECT last_active_at FROM users WHERE id = ?", r -> Rows.instant(r, "last_active_at"), id)
                .get(0);
    }

    @Test
    void aBusyMinuteIsOneWriteAndTheNextMinuteAnother() {
        assertEquals(null, stored(ann), "never seen");
        lastActive.seen(ann);
        assertEquals(now, stored(ann));
        Instant first = now;
        now = now.plusSeconds(59);
        lastActive.seen(ann);
        assertEquals(first, stored(ann), "within the minute: not written again");
        lastActive.seen(bob);
        assertEquals(now, stored(bob), "each person on their own");
        now = now.plusSeconds(1);
        lastActive.seen(ann);
        assertEquals(now, stored(ann));
    }
}
