package io.quantlab.dashboard;

import java.time.Instant;

/** A student of the course who used QuantLab lately (a page or an API call). */
public record ActiveStudent(long id, String name, Instant lastActiveAt) {
}
