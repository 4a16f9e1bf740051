package io.quantlab.experiment;

import java.util.Locale;

public enum ExperimentStatus {
    QUEUED, RUNNING, DONE, FAILED, CANCELLED;

    /** The name the API and the pages use: lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean finished() {
        return this == DONE || this == FAILED || this == CANCELLED;
    }
}
