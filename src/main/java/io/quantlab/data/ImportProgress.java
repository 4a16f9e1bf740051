package io.quantlab.data;

/**
 * Hears how far a data set import has got: {@code done} of {@code total} in a phase. Images
 * decode on several threads, so implementations must be thread-safe.
 */
@FunctionalInterface
public interface ImportProgress {
    String UNPACKING = "unpacking";
    String DECODING = "decoding";
    ImportProgress NONE = (phase, done, total) -> { };

    void report(String phase, long done, long total);
}
