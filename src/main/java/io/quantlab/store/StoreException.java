package io.quantlab.store;

import java.sql.SQLException;

/** A database failure that no caller can fix; the web layer answers 500-free with a 503. */
public final class StoreException extends RuntimeException {
    public StoreException(SQLException cause) {
        super(cause.getMessage(), cause);
    }
}
