package io.quantlab.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Signing in on a real H2 database: the same work whether or not the account exists, and the throttle. */
class AccountServiceTest {
    private Database db;
    private AccountService accounts;
    private Instant now = Instant.parse("2026-01-01T09:00:00Z");

    @BeforeEach
    void openDatabase() throws IOException {
        String url = "jdbc:h2:file:" + Files.createTempDirectory("quantlab-accounts").resolve("quantlab");
        db = Database.open(url, "sa", "", Path.of("migrations"));
        UserStore users = new UserStore(db);
        accounts = new AccountService(db, users, new SignInThrottle(() -> now));
        db.transaction(tx -> accounts.create(tx, "ann@example.org", "Ann", "right-password", Role.STUDENT));
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    @Test
    void anUnknownEmailCostsTheSamePasswordHashingAsAKnownOne() {
        long before = PasswordHasher.derivations();
        assertTrue(accounts.signIn("ann@example.org", "wrong-password", "10.0.0.1").isEmpty());
        long known = PasswordHasher.derivations() - before;

        before = PasswordHasher.derivations();
        assertTrue(accounts.signIn("nobody@example.org", "wrong-password", "10.0.0.1").isEmpty());
        long unknown = PasswordHasher.derivations() - before;

        assertEquals(1, known);
        assertEquals(known, unknown);
    }

    @Test
    void aHundredWrongPasswordsAreNotAllCheckedAndTheRightOneWaitsToo() {
        int checked = 0;
        int refused = 0;
        for (int i = 0; i < 100; i++) {
            try {
                assertTrue(accounts.signIn(i % 2 == 0 ? "ANN@example.org" : "ann@example.org", "guess-" + i,
                        "10.0.0.1").isEmpty());
                checked++;
            } catch (TooManySignInsException e) {
                refused++;
            }
        }
        assertEquals(List.of(5, 95), List.of(checked, refused));
        long before = PasswordHasher.derivations();
        TooManySignInsException e = assertThrows(TooManySignInsException.class,
                () -> accounts.signIn("ann@example.org", "right-password", "10.0.0.1"));
        assertEquals(1, e.retryAfterSeconds());
        assertEquals(before, PasswordHasher.derivations(), "a refused try costs no hashing");

        now = now.plus(Duration.ofSeconds(1));
        assertTrue(accounts.signIn("ann@example.org", "right-password", "10.0.0.1").isPresent());
        assertTrue(accounts.signIn("ann@example.org", "right-password", "10.0.0.2").isPresent(),
                "another address is not held up by these five");
    }
}
