package io.quantlab.web;

import io.quantlab.model.ModelZoo;
import java.util.List;

/** The zoo as the Models page shows it: each entry drawn, with its ModelSpec as JSON. */
public record ModelsView(Page page, List<Entry> models) {
    public record Entry(ModelZoo.Description description, long parameters, long macs, ModelDiagram diagram,
            String specJson) {
        public String name() {
            return description.name();
        }
    }
}
