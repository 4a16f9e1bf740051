package io.quantlab.train;

import io.quantlab.InvalidInputException;
import io.quantlab.data.Datasets;
import io.quantlab.model.ModelZoo;
import java.util.Locale;

/**
 * What to train and how. {@link #validated()} is the one place that checks the ranges; the
 * {@link Trainer} calls it too. {@code trainSubset} above the data set's size means "all of it".
 */
public record TrainConfig(String dataset, String model, int epochs, int batchSize, double learningRate,
                          String optimizer, double momentum, double weightDecay, int trainSubset, long seed) {

    public static final String ADAM = "adam";
    public static final String SGD = "sgd";
    public static final int MAX_EPOCHS = 50;
    public static final int MAX_BATCH_SIZE = 1024;
    public static final double MAX_WEIGHT_DECAY = 0.1;
    public static final int MAX_TRAIN_SUBSET = 60_000;
    public static final long MAX_SEED = Integer.MAX_VALUE;

    /** One epoch, batch 64, Adam at lr 0.001 (momentum 0.9 for SGD), no weight decay, all data, seed 0. */
    public static TrainConfig defaults(String dataset, String model) {
        return new TrainConfig(dataset, model, 1, 64, 0.001, ADAM, 0.9, 0.0, MAX_TRAIN_SUBSET, 0);
    }

    /**
     * This config with names normalized (trimmed, optimizer lower case), or the first problem.
     *
     * @throws InvalidInputException naming the field and its allowed range
     */
    public TrainConfig validated() {
        String datasetName = trim(dataset);
        if (!Datasets.knownNames().contains(datasetName)) {
            throw new InvalidInputException("dataset", "dataset must be one of " + String.join(", ", Datasets.knownNames())
                    + "; got '" + dataset + "'.");
        }
        String modelName = trim(model);
        if (!ModelZoo.names().contains(modelName)) {
            throw new InvalidInputException("model", "model must be one of " + String.join(", ", ModelZoo.names())
                    + "; got '" + model + "'.");
        }
        if (epochs < 1 || epochs > MAX_EPOCHS) {
            throw new InvalidInputException("epochs", "epochs must be between 1 and " + MAX_EPOCHS + "; got " + epochs + ".");
        }
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new InvalidInputException("batchSize",
                    "batchSize must be between 1 and " + MAX_BATCH_SIZE + "; got " + batchSize + ".");
        }
        if (!(learningRate > 0 && learningRate <= 1)) {
            throw new InvalidInputException("learningRate",
                    "learningRate must be in (0, 1]: above 0 and at most 1; got " + learningRate + ".");
        }
        String optimizerName = trim(optimizer).toLowerCase(Locale.ROOT);
        if (!optimizerName.equals(ADAM) && !optimizerName.equals(SGD)) {
            throw new InvalidInputException("optimizer", "optimizer must be adam or sgd; got '" + optimizer + "'.");
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new InvalidInputException("momentum",
                    "momentum must be in [0, 1): at least 0 and below 1; got " + momentum + ".");
        }
        if (!(weightDecay >= 0 && weightDecay <= MAX_WEIGHT_DECAY)) {
            throw new InvalidInputException("weightDecay",
                    "weightDecay must be in [0, " + MAX_WEIGHT_DECAY + "]; got " + weightDecay + ".");
        }
        if (trainSubset < 1 || trainSubset > MAX_TRAIN_SUBSET) {
            throw new InvalidInputException("trainSubset",
                    "trainSubset must be between 1 and " + MAX_TRAIN_SUBSET + "; got " + trainSubset + ".");
        }
        if (seed < 0 || seed > MAX_SEED) {
            throw new InvalidInputException("seed", "seed must be between 0 and " + MAX_SEED + " (2^31-1); got " + seed + ".");
        }
        return new TrainConfig(datasetName, modelName, epochs, batchSize, learningRate, optimizerName,
                momentum, weightDecay, trainSubset, seed);
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }
}
