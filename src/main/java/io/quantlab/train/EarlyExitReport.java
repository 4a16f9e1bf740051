package io.quantlab.train;

public record EarlyExitReport(double threshold, double exitShare, double accuracy, double mainOnlyAccuracy,
                              double earlyOnlyAccuracy, long macsEarly, long macsFull, double averageMacs) {}
