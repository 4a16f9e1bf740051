package io.quantlab.ptq;

/** A {@link PtqPipeline} run stopped because its listener asked it to. */
public final class PtqStoppedException extends RuntimeException {
    public PtqStoppedException() {
        super("the quantization was stopped", null, false, false);
    }
}
