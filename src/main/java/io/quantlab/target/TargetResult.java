package io.quantlab.target;

import java.time.Instant;

/**
 * A target exercise's check of one submitted experiment: what the board shows of it, and both
 * accuracies in percent ({@code visibleAccuracy} from its stored metrics, {@code hiddenAccuracy}
 * re-evaluated on the hidden split).
 *
 * @param latencyMs median per batch of 64 where it was measured; null for a simulated result
 */
public record TargetResult(long exerciseId, long studentId, long experimentId, String method, String bits,
                           int weightBits, long sizeBytes, Double latencyMs, double visibleAccuracy,
                           double hiddenAccuracy, String evaluatedIn, double evaluationMs, Instant evaluatedAt) {
}
