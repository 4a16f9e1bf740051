package io.quantlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.InvalidInputException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TrainConfigTest {

    private static final TrainConfig DEFAULTS = TrainConfig.defaults("fashion-mnist", "mlp");

    @Test
    void defaultsAreOneEpochOfAdamAtBatch64() {
        assertEquals(new TrainConfig("fashion-mnist", "mlp", 1, 64, 0.001, "adam", 0.9, 0.0, 60000, 0),
                DEFAULTS.validated());
    }

    @Test
    void validationNormalizesNames() {
        TrainConfig c = new TrainConfig(" synthetic ", "small-cnn", 2, 32, 0.1, "SGD", 0.5, 0.01, 100, 7).validated();
        assertEquals("synthetic", c.dataset());
        assertEquals("sgd", c.optimizer());
    }

    static Stream<Arguments> outOfRange() {
        return Stream.of(
                Arguments.of("dataset", "cifar", "fashion-mnist, synthetic"),
                Arguments.of("model", "vgg", "mlp, small-cnn"),
                Arguments.of("epochs", 0, "between 1 and 50"),
                Arguments.of("epochs", 51, "between 1 and 50"),
                Arguments.of("batchSize", 1025, "between 1 and 1024"),
                Arguments.of("learningRate", 0.0, "(0, 1]"),
                Arguments.of("learningRate", Double.NaN, "(0, 1]"),
                Arguments.of("optimizer", "rmsprop", "adam or sgd"),
                Arguments.of("momentum", 1.0, "[0, 1)"),
                Arguments.of("weightDecay", 0.2, "[0, 0.1]"),
                Arguments.of("trainSubset", 0, "between 1 and 60000"),
                Arguments.of("seed", 1L << 31, "between 0 and 2147483647"),
                Arguments.of("seed", -1L, "between 0 and 2147483647"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("outOfRange")
    void outOfRangeValueIsRejectedNamingFieldAndRange(String field, Object value, String range) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> defaultsWith(field, value).validated());
        assertEquals(field, e.field());
        assertTrue(e.getMessage().startsWith(field + " must be"), e.getMessage());
        assertTrue(e.getMessage().contains(range), e.getMessage());
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
                field.equals("seed") ? (Long) v : d.seed());
    }
}
