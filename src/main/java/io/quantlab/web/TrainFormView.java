package io.quantlab.web;

import java.util.List;
import java.util.Map;

/** The train form, refilled with what the user sent when something needs fixing. */
public record TrainFormView(Page page, Map<String, String> values, List<String> datasets, List<String> models,
        String error, String errorField) {
    public String value(String field) {
        return values.getOrDefault(field, "");
    }
}
