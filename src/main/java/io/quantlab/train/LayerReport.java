package io.quantlab.train;

import java.util.List;

/**
 * One node of the trained model: its output shape per sample, trainable parameters, MACs per
 * inference, and histograms of its trainable weights (null when it has none) and of its outputs
 * over a few test batches (null when they could not be recorded).
 */
public record LayerReport(String name, String kind, List<Integer> outputShape, long parameters, long macs,
                          Histogram weights, Histogram activations) {}
