package io.quantlab.web;

import io.quantlab.imported.ImportedModel;
import java.util.List;

/** The imported networks' list (polled while one is being evaluated) and, for instructors, the import form. */
public record ImportedView(List<ImportedModel> models, List<String> datasets, boolean teaches, String csrfToken,
        String error) {
    public boolean polling() {
        return models.stream().anyMatch(m -> !m.status().finished());
    }
}
