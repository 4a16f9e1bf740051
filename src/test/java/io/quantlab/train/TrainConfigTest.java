package io.quantlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.InvalidInputException;
import io.quantlab.Json;
import io.quantlab.data.DatasetFiles;
import io.quantlab.data.Datasets;
import io.quantlab.model.ModelZoo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TrainConfigTest {

    private static final TrainConfig DEFAULTS = TrainConfig.defaults("fashion-mnist", "mlp");

    @Test
    void defaultsAreOneEpochOfAdamAtBatch64OnTheWholeTrainingSet() {
        int whole = TrainConfig.WHOLE_TRAINING_SET;
        assertEquals(new TrainConfig("fashion-mnist", "mlp", 1, 64, 0.001, "adam", 0.9, 0.0, whole, 0),
                DEFAULTS.validated());
        assertEquals(new TrainConfig("fashion-mnist", "mlp", 1, 64, 0.001, "adam", 0.9, 0.0, whole, 0,
                "constant", 10, 0.1, 0, 0.0, false, Map.of(), 0.9), DEFAULTS);
    }

    @Test
    void validationNormalizesNames() {
        TrainConfig c = new TrainConfig(" synthetic ", "small-cnn", 2, 32, 0.1, "SGD", 0.5, 0.01, 100, 7,
                " Cosine ", 10, 0.1, 0, 0, false, null, 0.9).validated();
        assertEquals("synthetic", c.dataset());
        assertEquals("sgd", c.optimizer());
        assertEquals("cosine", c.schedule());
        assertEquals(Map.of(), c.modelOptions());
    }

    @Test
    void earlyStoppingWithoutAValidationShareValidatesOnATenth() {
        assertEquals(0.1, defaultsWith("earlyStoppingPatience", 3).validated().validationSplit());
        assertEquals(0.0, defaultsWith("earlyStoppingPatience", 0).validated().validationSplit());
        TrainConfig both = new TrainConfig("synthetic", "mlp", 5, 64, 0.001, "adam", 0.9, 0, 2000, 0,
                "constant", 10, 0.1, 3, 0.2, false, Map.of(), 0.9);
        assertEquals(0.2, both.validated().validationSplit());
    }

    @Test
    void aDataSetFolderCopiedInWhileTheServerRunsCanBeTrainedOnAtOnce(@TempDir Path dir) throws IOException {
        Datasets datasets = new Datasets(dir.resolve("no-fashion-here"), dir.resolve("datasets"));
        DatasetFiles.writeCifar10(dir.resolve("datasets/late-cifar/cifar-10-batches-bin"), 1, 12, 6);

        TrainConfig config = TrainConfig.defaults("late-cifar", ModelZoo.MLP).validated(); // nothing listed it
        assertEquals(12, datasets.trainingImages(config.dataset()));
        InvalidInputException unknown = assertThrows(InvalidInputException.class,
                () -> datasets.trainingImages(TrainConfig.defaults("no-such-set", ModelZoo.MLP).validated().dataset()));
        assertEquals("dataset", unknown.field());
        assertTrue(unknown.getMessage().contains("fashion-mnist, synthetic, late-cifar"), unknown.getMessage());
    }

    static Stream<Arguments> outOfRange() {
        return Stream.of(
                Arguments.of("dataset", "Bad_Name", "fashion-mnist, synthetic or the name of an uploaded data set"),
                Arguments.of("model", "vgg", "mlp, small-cnn"),
                Arguments.of("epochs", 0, "between 1 and 50"),
                Arguments.of("epochs", 51, "between 1 and 50"),
                Arguments.of("batchSize", 1025, "between 1 and 1024"),
                Arguments.of("learningRate", 0.0, "(0, 1]"),
                Arguments.of("learningRate", Double.NaN, "(0, 1]"),
                Arguments.of("optimizer", "rmsprop", "adam or sgd"),
                Arguments.of("momentum", 1.0, "[0, 1)"),
                Arguments.of("weightDecay", 0.2, "[0, 0.1]"),
                Arguments.of("trainSubset", 0, "between 1 and the data set's number of training images"),
                Arguments.of("trainSubset", -5, "between 1 and the data set's number of training images"),
                Arguments.of("seed", 1L << 31, "between 0 and 2147483647"),
                Arguments.of("seed", -1L, "between 0 and 2147483647"),
                Arguments.of("schedule", "linear", "constant, cosine, step"),
                Arguments.of("schedule", null, "constant, cosine, step"),
                Arguments.of("stepEpochs", 0, "between 1 and 50"),
                Arguments.of("stepGamma", 0.0, "(0, 1]"),
                Arguments.of("stepGamma", 1.5, "(0, 1]"),
                Arguments.of("earlyStoppingPatience", -1, "0 (off) or between 1 and 20"),
                Arguments.of("earlyStoppingPatience", 21, "0 (off) or between 1 and 20"),
                Arguments.of("validationSplit", 0.6, "[0, 0.5]"),
                Arguments.of("validationSplit", -0.1, "[0, 0.5]"),
                Arguments.of("earlyExitThreshold", 0.4, "[0.5, 1]"),
                Arguments.of("earlyExitThreshold", 1.01, "[0.5, 1]"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("outOfRange")
    void outOfRangeValueIsRejectedNamingFieldAndRange(String field, Object value, String range) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> defaultsWith(field, value).validated());
        assertEquals(field, e.field());
        assertTrue(e.getMessage().startsWith(field + " must be"), e.getMessage());
        assertTrue(e.getMessage().contains(range), e.getMessage());
    }

    @Test
    void theSubsetMayBeAnythingUpToTheDataSetsSizeAndDefaultsToAllOfIt() {
        assertEquals(100_000, DEFAULTS.withTrainSubsetFor(100_000).trainSubset());
        assertEquals(100_000, defaultsWith("trainSubset", 100_000).withTrainSubsetFor(100_000).trainSubset());
        assertEquals(60_001, defaultsWith("trainSubset", 60_001).withTrainSubsetFor(100_000).trainSubset());
        assertEquals(1, defaultsWith("trainSubset", 1).withTrainSubsetFor(100_000).trainSubset());
        TrainConfig resolved = DEFAULTS.withTrainSubsetFor(123);
        assertEquals(DEFAULTS.epochs(), resolved.epochs());
        assertEquals(DEFAULTS.earlyExitThreshold(), resolved.earlyExitThreshold());

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> defaultsWith("trainSubset", 100_001).withTrainSubsetFor(100_000));
        assertEquals("trainSubset", e.field());
        assertEquals("trainSubset must be between 1 and 100,000, the number of training images of 'fashion-mnist';"
                + " got 100,001.", e.getMessage());
    }

    @Test
    void jsonStoredBeforeTheNewFieldsStillReadsWithTheirDefaults() {
        String old = "{\"dataset\":\"synthetic\",\"model\":\"mlp\",\"epochs\":2,\"batchSize\":32,\"learningRate\":0.01,"
                + "\"optimizer\":\"sgd\",\"momentum\":0.9,\"weightDecay\":0.0,\"trainSubset\":500,\"seed\":3}";
        assertEquals(new TrainConfig("synthetic", "mlp", 2, 32, 0.01, "sgd", 0.9, 0.0, 500, 3),
                Json.read(old, TrainConfig.class));
    }

    @Test
    void jsonRoundTripKeepsEveryField() {
        TrainConfig c = new TrainConfig("synthetic", "small-cnn", 12, 128, 0.05, "sgd", 0.8, 1e-4, 1000, 9,
                "step", 4, 0.5, 3, 0.2, true, Map.of("widths", List.of(512, 256)), 0.75);
        String json = Json.write(c);
        assertTrue(json.contains("\"earlyStoppingPatience\":3") && json.contains("\"modelOptions\":{\"widths\":[512,256]}"),
                json);
        assertEquals(c, Json.read(json, TrainConfig.class));
    }

    /** The defaults with one field replaced. */
    private static TrainConfig defaultsWith(String field, Object v) {
        TrainConfig d = DEFAULTS;
        return new TrainConfig(
                field.equals("dataset") ? (String) v : d.dataset(),
                field.equals("model") ? (String) v : d.model(),
                field.equals("epochs") ? (Integer) v : d.epochs(),
                field.equals("batchSize") ? (Integer) v : d.batchSize(),
                field.equals("learningRate") ? (Double) v : d.learningRate(),
                field.equals("optimizer") ? (String) v : d.optimizer(),
                field.equals("momentum") ? (Double) v : d.momentum(),
                field.equals("weightDecay") ? (Double) v : d.weightDecay(),
                field.equals("trainSubset") ? (Integer) v : d.trainSubset(),
                field.equals("seed") ? (Long) v : d.seed(),
                field.equals("schedule") ? (String) v : d.schedule(),
                field.equals("stepEpochs") ? (Integer) v : d.stepEpochs(),
                field.equals("stepGamma") ? (Double) v : d.stepGamma(),
                field.equals("earlyStoppingPatience") ? (Integer) v : d.earlyStoppingPatience(),
                field.equals("validationSplit") ? (Double) v : d.validationSplit(),
                field.equals("augment") ? (Boolean) v : d.augment(),
                d.modelOptions(),
                field.equals("earlyExitThreshold") ? (Double) v : d.earlyExitThreshold());
    }
}
