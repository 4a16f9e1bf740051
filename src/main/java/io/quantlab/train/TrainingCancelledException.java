package io.quantlab.train;

/** The listener asked a run to stop; nothing was produced and all native memory is released. */
public final class TrainingCancelledException extends RuntimeException {
    public TrainingCancelledException() {
        super("training cancelled");
    }
}
