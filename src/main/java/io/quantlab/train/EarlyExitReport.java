package io.quantlab.train;

/**
 * What exiting early would give on the test split: an image leaves at the early exit (output 1)
 * when that exit's top softmax probability is at least {@code threshold}, else it goes on to the
 * main classifier (output 0). Accuracies in percent; {@code exitShare} 0–1; {@code macsEarly} is
 * the cost of an image that exits early, {@code macsFull} of one that does not (every node,
 * the early exit's head included), {@code averageMacs} their mean weighted by the exit share.
 */
public record EarlyExitReport(double threshold, double exitShare, double accuracy, double mainOnlyAccuracy,
                              double earlyOnlyAccuracy, long macsEarly, long macsFull, double averageMacs) {}
