package io.quantlab.experiment;

/** A data set and a model, with how many experiments are about the two. */
public record DatasetAndModel(String dataset, String model, int experiments) {
}
