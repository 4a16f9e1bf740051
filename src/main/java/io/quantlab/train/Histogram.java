package io.quantlab.train;

public record Histogram(double min, double max, long[] counts) {}
