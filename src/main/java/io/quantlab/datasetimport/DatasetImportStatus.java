package io.quantlab.datasetimport;

import java.util.Locale;

/** Where an uploaded data set is: waiting for a worker, being unpacked and decoded, usable, refused, or called off. */
public enum DatasetImportStatus {
    QUEUED, DECODING, READY, FAILED, CANCELLED;

    /** The name the pages use: lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean finished() {
        return this == READY || this == FAILED || this == CANCELLED;
    }
}
