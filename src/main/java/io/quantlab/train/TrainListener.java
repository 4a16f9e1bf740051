package io.quantlab.train;

import java.util.function.Consumer;

/** Receives progress from a running {@link Trainer} and tells it whether to stop. */
public interface TrainListener {

    /** Listens to nothing and never cancels. */
    TrainListener NONE = new TrainListener() {
        @Override
        public void progress(TrainProgress p) {}

        @Override
        public boolean cancelRequested() {
            return false;
        }
    };

    /** Hears only of finished epochs, and never cancels. */
    static TrainListener onEpochDone(Consumer<EpochStats> epochDone) {
        return new TrainListener() {
            @Override
            public void progress(TrainProgress p) {}

            @Override
            public boolean cancelRequested() {
                return false;
            }

            @Override
            public void epochDone(EpochStats stats) {
                epochDone.accept(stats);
            }
        };
    }

    /** Called on the training thread, about once per batch: keep it cheap (throttle writes). */
    void progress(TrainProgress p);

    /** Polled once per batch; true stops the run with {@link TrainingCancelledException}. */
    boolean cancelRequested();

    /** Called on the training thread after each epoch (and its validation, if any). */
    default void epochDone(EpochStats stats) {}
}
