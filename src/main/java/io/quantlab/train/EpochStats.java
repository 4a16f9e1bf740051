package io.quantlab.train;

public record EpochStats(int epoch, double trainLoss, double trainAccuracy, Double validationAccuracy,
                         double learningRate) {}
