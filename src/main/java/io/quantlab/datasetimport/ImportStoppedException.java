package io.quantlab.datasetimport;

/** Thrown into an import's unpacking or decoding to stop it: an instructor cancelled it, or it ran out of time. */
final class ImportStoppedException extends RuntimeException {
    ImportStoppedException(String reason) {
        super(reason);
    }
}
