package io.quantlab.train;

public record LatencyStats(double medianMs, double p90Ms, int runs) {}
