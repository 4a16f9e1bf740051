package io.quantlab.store;

import java.time.Instant;

/** Who did what, for instructors and for after-the-fact questions. */
public final class AuditLog {
    private final Database db;

    public AuditLog(Database db) {
        this.db = db;
    }

    public void record(Long userId, String action, String detail) {
        record(db, userId, action, detail);
    }

    /** Records inside a caller's transaction, so the entry lands with the change it describes. */
    public static void record(Database db, Long userId, String action, String detail) {
        db.update("INSERT INTO audit_log (occurred_at, user_id, action, detail) VALUES (?, ?, ?, ?)",
                Instant.now(), userId, action, truncate(detail));
    }

    public static void record(Rows tx, Long userId, String action, String detail) {
        tx.update("INSERT INTO audit_log (occurred_at, user_id, action, detail) VALUES (?, ?, ?, ?)",
                Instant.now(), userId, action, truncate(detail));
    }

    private static String truncate(String detail) {
        return detail.length() <= 1000 ? detail : detail.substring(0, 1000);
    }
}
