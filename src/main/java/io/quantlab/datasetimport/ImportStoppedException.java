package io.quantlab.datasetimport;

/** Thrown into an import's unpacking or decoding to stop it: cancelled, out of time, or the server is stopping. */
final class ImportStoppedException extends RuntimeException {
    ImportStoppedException(String reason) {
        super(reason);
    }
}
