package io.quantlab.web;

import io.quantlab.datasetimport.DatasetImport;
import java.util.List;

/** The uploads and the state of their imports, polled while one is queued or decoding. */
public record DatasetImportsView(List<DatasetImport> imports) {
    public boolean polling() {
        return imports.stream().anyMatch(i -> !i.status().finished());
    }
}
