package io.quantlab.web;

import java.util.List;

/** The zoo as the Models page shows it: each entry drawn, with its ModelSpec as JSON. */
public record ModelsView(Page page, List<Entry> models) {
    public record Entry(String name, long parameters, ModelDiagram diagram, String specJson) {
    }
}
