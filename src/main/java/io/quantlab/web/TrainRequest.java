package io.quantlab.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.quantlab.InvalidInputException;
import io.quantlab.train.TrainConfig;
import java.util.Iterator;
import java.util.Set;
import java.util.function.Function;

/** Reads a training request from a form or a JSON object; ranges are checked by {@link TrainConfig#validated()}. */
final class TrainRequest {
    static final Set<String> FIELDS = Set.of("kind", "dataset", "model", "epochs", "batchSize", "learningRate",
            "optimizer", "momentum", "weightDecay", "trainSubset", "seed");

    private TrainRequest() {
    }

    static TrainConfig fromJson(JsonNode body) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new InvalidInputException(name, name + ": unknown field; known fields are " + String.join(", ",
                        FIELDS.stream().sorted().toList()));
            }
            if (body.get(name).isContainerNode()) {
                throw new InvalidInputException(name, name + ": must be a single value, not an object or a list");
            }
        }
        JsonNode kind = body.get("kind");
        if (kind == null || !"train".equals(kind.asText())) {
            throw new InvalidInputException("kind", "kind: must be \"train\"");
        }
        return from(name -> {
            JsonNode node = body.get(name);
            return node == null || node.isNull() ? null : node.asText();
        });
    }

    static TrainConfig from(Function<String, String> field) {
        String dataset = required(field, "dataset");
        String model = required(field, "model");
        TrainConfig d = TrainConfig.defaults(dataset, model);
        return new TrainConfig(dataset, model,
                whole(field, "epochs", d.epochs()),
                whole(field, "batchSize", d.batchSize()),
                number(field, "learningRate", d.learningRate()),
                text(field, "optimizer", d.optimizer()),
                number(field, "momentum", d.momentum()),
                number(field, "weightDecay", d.weightDecay()),
                whole(field, "trainSubset", d.trainSubset()),
                (long) whole(field, "seed", (int) d.seed()));
    }

    private static String required(Function<String, String> field, String name) {
        String value = field.apply(name);
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(name, name + ": required");
        }
        return value.trim();
    }

    private static String text(Function<String, String> field, String name, String fallback) {
        String value = field.apply(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static int whole(Function<String, String> field, String name, int fallback) {
        String value = field.apply(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, name + ": must be a whole number, got '" + value + "'");
        }
    }

    private static double number(Function<String, String> field, String name, double fallback) {
        String value = field.apply(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            double parsed = Double.parseDouble(value.trim());
            if (!Double.isFinite(parsed)) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, name + ": must be a number, got '" + value + "'");
        }
    }
}
