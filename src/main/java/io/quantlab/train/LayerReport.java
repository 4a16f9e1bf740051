package io.quantlab.train;

import java.util.List;

public record LayerReport(String name, String kind, List<Integer> outputShape, long parameters, long macs,
                          Histogram weights, Histogram activations) {}
