package io.quantlab.web;

import java.util.List;
import java.util.Map;

/** The train form, refilled with what the user sent when something needs fixing. */
public record TrainFormView(Page page, Map<String, String> values, List<DatasetChoice> datasets, List<String> models,
        String error, String errorField) {

    /** A data set to pick, with its number of training images (0 when it is not installed). */
    public record DatasetChoice(String name, int trainingImages) {
    }

    public String value(String field) {
        return values.getOrDefault(field, "");
    }
}
