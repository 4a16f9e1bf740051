package io.quantlab.web;

import io.quantlab.imported.ImportedModel;
import io.quantlab.model.ModelZoo;
import java.util.List;

/**
 * The Models page: the zoo, each entry drawn with its ModelSpec as JSON, and the networks
 * instructors imported as TorchScript with their FP32 evaluation.
 */
public record ModelsView(Page page, List<Entry> models, ImportedView imported) {
    public record Entry(ModelZoo.Description description, long parameters, long macs, ModelDiagram diagram,
            String specJson) {
        public String name() {
            return description.name();
        }
    }
}
