package io.quantlab.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quantlab.InvalidInputException;
import io.quantlab.data.Datasets;
import io.quantlab.model.ModelZoo;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What to train and how. {@link #validated()} is the one place that checks the ranges; the
 * {@link Trainer} calls it too. The upper end of {@code trainSubset} is the chosen data set's
 * training size, which {@link #withTrainSubsetFor(int)} checks once that size is known; the default
 * {@link #WHOLE_TRAINING_SET} (and, for the trainer, anything above the size) means "all of it".
 * {@code modelOptions} are checked by the model zoo when the model is built.
 *
 * <p>JSON written before a field existed still reads: a missing field takes its default
 * ({@link #fromJson}).
 */
public record TrainConfig(String dataset, String model, int epochs, int batchSize, double learningRate,
                          String optimizer, double momentum, double weightDecay, int trainSubset, long seed,
                          String schedule, int stepEpochs, double stepGamma, int earlyStoppingPatience,
                          double validationSplit, boolean augment, Map<String, Object> modelOptions,
                          double earlyExitThreshold) {

    public static final String ADAM = "adam";
    public static final String SGD = "sgd";
    public static final List<String> SCHEDULES = List.of(LearningRateSchedule.CONSTANT, LearningRateSchedule.COSINE,
            LearningRateSchedule.STEP);
    public static final int MAX_EPOCHS = 50;
    public static final int MAX_BATCH_SIZE = 1024;
    public static final double MAX_WEIGHT_DECAY = 0.1;
    /** The default {@code trainSubset}: every training image of the data set, however many it has. */
    public static final int WHOLE_TRAINING_SET = Integer.MAX_VALUE;
    public static final long MAX_SEED = Integer.MAX_VALUE;
    public static final int DEFAULT_STEP_EPOCHS = 10;
    public static final double DEFAULT_STEP_GAMMA = 0.1;
    public static final int MAX_PATIENCE = 20;
    public static final double MAX_VALIDATION_SPLIT = 0.5;
    /** The validation share when early stopping is on and none was given. */
    public static final double DEFAULT_VALIDATION_SPLIT = 0.1;
    public static final double MIN_EARLY_EXIT_THRESHOLD = 0.5;
    public static final double DEFAULT_EARLY_EXIT_THRESHOLD = 0.9;

    public TrainConfig {
        modelOptions = modelOptions == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(modelOptions));
    }

    /** The fields up to {@code seed}; the others take their defaults. */
    public TrainConfig(String dataset, String model, int epochs, int batchSize, double learningRate, String optimizer,
                       double momentum, double weightDecay, int trainSubset, long seed) {
        this(dataset, model, epochs, batchSize, learningRate, optimizer, momentum, weightDecay, trainSubset, seed,
                LearningRateSchedule.CONSTANT, DEFAULT_STEP_EPOCHS, DEFAULT_STEP_GAMMA, 0, 0, false, Map.of(),
                DEFAULT_EARLY_EXIT_THRESHOLD);
    }

    /**
     * One epoch, batch 64, Adam at lr 0.001 (momentum 0.9 for SGD), no weight decay, the whole training set, seed 0,
     * constant rate, no early stopping, no augmentation, the model's default options.
     */
    public static TrainConfig defaults(String dataset, String model) {
        return new TrainConfig(dataset, model, 1, 64, 0.001, ADAM, 0.9, 0.0, WHOLE_TRAINING_SET, 0);
    }

    /** Reads stored or posted JSON; fields added after the first version may be missing. */
    @JsonCreator
    public static TrainConfig fromJson(@JsonProperty("dataset") String dataset, @JsonProperty("model") String model,
            @JsonProperty("epochs") int epochs, @JsonProperty("batchSize") int batchSize,
            @JsonProperty("learningRate") double learningRate, @JsonProperty("optimizer") String optimizer,
            @JsonProperty("momentum") double momentum, @JsonProperty("weightDecay") double weightDecay,
            @JsonProperty("trainSubset") int trainSubset, @JsonProperty("seed") long seed,
            @JsonProperty("schedule") String schedule, @JsonProperty("stepEpochs") Integer stepEpochs,
            @JsonProperty("stepGamma") Double stepGamma, @JsonProperty("earlyStoppingPatience") Integer patience,
            @JsonProperty("validationSplit") Double validationSplit, @JsonProperty("augment") Boolean augment,
            @JsonProperty("modelOptions") Map<String, Object> modelOptions,
            @JsonProperty("earlyExitThreshold") Double earlyExitThreshold) {
        TrainConfig d = new TrainConfig(dataset, model, epochs, batchSize, learningRate, optimizer, momentum,
                weightDecay, trainSubset, seed);
        return new TrainConfig(dataset, model, epochs, batchSize, learningRate, optimizer, momentum, weightDecay,
                trainSubset, seed,
                schedule == null ? d.schedule() : schedule,
                stepEpochs == null ? d.stepEpochs() : stepEpochs,
                stepGamma == null ? d.stepGamma() : stepGamma,
                patience == null ? d.earlyStoppingPatience() : patience,
                validationSplit == null ? d.validationSplit() : validationSplit,
                augment == null ? d.augment() : augment,
                modelOptions,
                earlyExitThreshold == null ? d.earlyExitThreshold() : earlyExitThreshold);
    }

    /**
     * This config with names normalized (trimmed, optimizer and schedule lower case) and the
     * validation split filled in (0.1 when early stopping is on and it is 0), or the first problem.
     *
     * @throws InvalidInputException naming the field and its allowed range
     */
    public TrainConfig validated() {
        String datasetName = trim(dataset);
        // whether such a data set exists is for Datasets to say: folders may appear while the server runs
        if (datasetName == null || !Datasets.NAME_RULE.matcher(datasetName).matches()) {
            throw new InvalidInputException("dataset", "dataset must be " + String.join(", ", Datasets.BUILT_IN_NAMES)
                    + " or the name of an uploaded data set (2 to 40 lower-case letters, digits or '-'); got "
                    + InvalidInputException.quote(dataset) + ".");
        }
        String modelName = trim(model);
        if (!ModelZoo.names().contains(modelName)) {
            throw new InvalidInputException("model", "model must be one of " + String.join(", ", ModelZoo.names())
                    + "; got " + InvalidInputException.quote(model) + ".");
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
            throw new InvalidInputException("optimizer", "optimizer must be adam or sgd; got "
                    + InvalidInputException.quote(optimizer) + ".");
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new InvalidInputException("momentum",
                    "momentum must be in [0, 1): at least 0 and below 1; got " + momentum + ".");
        }
        if (!(weightDecay >= 0 && weightDecay <= MAX_WEIGHT_DECAY)) {
            throw new InvalidInputException("weightDecay",
                    "weightDecay must be in [0, " + MAX_WEIGHT_DECAY + "]; got " + weightDecay + ".");
        }
        if (trainSubset < 1) {
            throw new InvalidInputException("trainSubset", "trainSubset must be between 1 and the data set's number"
                    + " of training images (leave it out for all of them); got " + trainSubset + ".");
        }
        if (seed < 0 || seed > MAX_SEED) {
            throw new InvalidInputException("seed", "seed must be between 0 and " + MAX_SEED + " (2^31-1); got " + seed + ".");
        }
        String scheduleName = trim(schedule).toLowerCase(Locale.ROOT);
        if (!SCHEDULES.contains(scheduleName)) {
            throw new InvalidInputException("schedule", "schedule must be one of " + String.join(", ", SCHEDULES)
                    + "; got " + InvalidInputException.quote(schedule) + ".");
        }
        if (stepEpochs < 1 || stepEpochs > MAX_EPOCHS) {
            throw new InvalidInputException("stepEpochs",
                    "stepEpochs must be between 1 and " + MAX_EPOCHS + "; got " + stepEpochs + ".");
        }
        if (!(stepGamma > 0 && stepGamma <= 1)) {
            throw new InvalidInputException("stepGamma",
                    "stepGamma must be in (0, 1]: above 0 and at most 1; got " + stepGamma + ".");
        }
        if (earlyStoppingPatience < 0 || earlyStoppingPatience > MAX_PATIENCE) {
            throw new InvalidInputException("earlyStoppingPatience", "earlyStoppingPatience must be 0 (off) or between"
                    + " 1 and " + MAX_PATIENCE + " epochs; got " + earlyStoppingPatience + ".");
        }
        if (!(validationSplit >= 0 && validationSplit <= MAX_VALIDATION_SPLIT)) {
            throw new InvalidInputException("validationSplit", "validationSplit must be in [0, " + MAX_VALIDATION_SPLIT
                    + "]: a share of the training images; got " + validationSplit + ".");
        }
        if (!(earlyExitThreshold >= MIN_EARLY_EXIT_THRESHOLD && earlyExitThreshold <= 1)) {
            throw new InvalidInputException("earlyExitThreshold", "earlyExitThreshold must be in ["
                    + MIN_EARLY_EXIT_THRESHOLD + ", 1]: a softmax probability; got " + earlyExitThreshold + ".");
        }
        double split = earlyStoppingPatience > 0 && validationSplit == 0 ? DEFAULT_VALIDATION_SPLIT : validationSplit;
        return new TrainConfig(datasetName, modelName, epochs, batchSize, learningRate, optimizerName,
                momentum, weightDecay, trainSubset, seed, scheduleName, stepEpochs, stepGamma, earlyStoppingPatience,
                split, augment, modelOptions, earlyExitThreshold);
    }

    /**
     * This config for a data set of {@code trainingImages} training images: {@link #WHOLE_TRAINING_SET}
     * becomes that number, and a larger subset is refused.
     *
     * @throws InvalidInputException (field "trainSubset") naming the data set and its size
     */
    public TrainConfig withTrainSubsetFor(int trainingImages) {
        int subset = trainSubset == WHOLE_TRAINING_SET ? trainingImages : trainSubset;
        if (subset < 1 || subset > trainingImages) {
            throw new InvalidInputException("trainSubset", String.format(Locale.ROOT, "trainSubset must be between 1"
                    + " and %,d, the number of training images of '%s'; got %,d.", trainingImages, dataset, trainSubset));
        }
        return new TrainConfig(dataset, model, epochs, batchSize, learningRate, optimizer, momentum, weightDecay,
                subset, seed, schedule, stepEpochs, stepGamma, earlyStoppingPatience, validationSplit, augment,
                modelOptions, earlyExitThreshold);
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }
}
