package io.quantlab.train;

/**
 * One finished epoch ({@code epoch} counts from 1). {@code trainLoss} and {@code trainAccuracy}
 * (percent) are means over the epoch's batches as they were trained; {@code validationAccuracy}
 * (percent) is measured after the epoch in inference mode, null without a validation split;
 * {@code learningRate} is the rate of the epoch's first batch.
 */
public record EpochStats(int epoch, double trainLoss, double trainAccuracy, Double validationAccuracy,
                         double learningRate) {}
