package io.quantlab.datasetimport;

/** Thrown into an import's unpacking or decoding when an instructor cancelled it. */
final class ImportCancelledException extends RuntimeException {
    ImportCancelledException() {
        super("cancelled by an instructor");
    }
}
