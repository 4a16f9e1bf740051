package io.quantlab.web;

import java.util.List;

/** The zoo as the Models page shows it: each entry with its layers, as JSON. */
public record ModelsView(Page page, List<Entry> models) {
    public record Entry(String name, String specJson) {
    }
}
