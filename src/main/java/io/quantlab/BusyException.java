package io.quantlab;

/** The server has no room for this request now; the message says so to the person who sent it (HTTP 503). */
public final class BusyException extends RuntimeException {
    public BusyException(String message) {
        super(message);
    }
}
