package io.quantlab.ptq;

/** Hears which phase a {@link PtqPipeline} has begun and tells it whether to stop. */
public interface PtqListener {

    /** Listens to nothing and never stops. */
    PtqListener NONE = new PtqListener() {
        @Override
        public void phase(String phase) {}

        @Override
        public boolean stopRequested() {
            return false;
        }
    };

    /** Called as each phase begins: one of PtqPipeline's phase names. */
    void phase(String phase);

    /** Polled between phases and between evaluation batches; true stops the run with {@link PtqStoppedException}. */
    boolean stopRequested();
}
