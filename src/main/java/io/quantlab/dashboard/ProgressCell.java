package io.quantlab.dashboard;

/**
 * How far one student got with one exercise. {@code late}: the attempt that counts (else the latest)
 * came after the deadline; {@code score} and {@code maxScore} are null until it is graded.
 */
public record ProgressCell(State state, boolean late, long attempts, Double score, Double maxScore) {

    public enum State {
        /** Nothing handed in, and the deadline has not passed. */
        NOT_STARTED,
        /** Nothing handed in, and the deadline has passed. */
        OVERDUE,
        /** Handed in, waiting for a grade (an essay). */
        SUBMITTED,
        GRADED;

        /** The CSS class and the word the page shows. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }
}
