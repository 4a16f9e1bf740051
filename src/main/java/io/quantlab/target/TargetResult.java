package io.quantlab.target;

import java.time.Instant;

/**
 * A target exercise's check of one submitted experiment: what the board shows of it, and both
 * accuracies in percent ({@code visibleAccuracy} from its stored metrics at once,
 * {@code hiddenAccuracy} re-evaluated on the hidden split by a job).
 *
 * @param latencyMs      median per batch of 64 where it was measured; null for a simulated result
 * @param hiddenAccuracy null until {@code status} is DONE, as are {@code evaluatedIn}, {@code evaluationMs}
 *                       and {@code evaluatedAt}
 * @param error          why the evaluation failed (for the instructor), else null
 */
public record TargetResult(long exerciseId, long studentId, long experimentId, String method, String bits,
                           int weightBits, long sizeBytes, Double latencyMs, double visibleAccuracy,
                           HiddenEvaluationStatus status, Double hiddenAccuracy, String evaluatedIn,
                           Double evaluationMs, Instant evaluatedAt, String error) {

    public boolean evaluated() {
        return status == HiddenEvaluationStatus.DONE;
    }
}
