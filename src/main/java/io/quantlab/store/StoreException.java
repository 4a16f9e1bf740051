package io.quantlab.store;

import java.sql.SQLException;

/** A database failure that no caller can fix; the web layer answers 500-free with a 503. */
public final class StoreException extends RuntimeException {
    public StoreException(SQLException cause) {
        super(cause.getMessage(), cause);
    }

    /** A unique index refused the row (SQLSTATE 23505): often two requests racing to store the same thing. */
    public boolean isDuplicateKey() {
        return getCause() instanceof SQLException e && "23505".equals(e.getSQLState());
    }
}
