package io.quantlab.data;

/** Whether a data set can be used here, and how big it is, without loading it. */
public record DatasetStatus(String name, boolean present, int trainSamples, int testSamples, String detail) {}
