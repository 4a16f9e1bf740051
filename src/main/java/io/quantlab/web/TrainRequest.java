package io.quantlab.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.quantlab.InvalidInputException;
import io.quantlab.Json;
import io.quantlab.train.TrainConfig;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Reads a training request from a form or a JSON object; ranges are checked by {@link TrainConfig#validated()}. */
final class TrainRequest {
    static final Set<String> FIELDS = Set.of("kind", "dataset", "model", "epochs", "batchSize", "learningRate",
            "optimizer", "momentum", "weightDecay", "trainSubset", "seed", "schedule", "stepEpochs", "stepGamma",
            "earlyStoppingPatience", "validationSplit", "augment", "modelOptions", "earlyExitThreshold");
    /** The one field that is an object: in a form it is JSON text. */
    static final String MODEL_OPTIONS = "modelOptions";
    /** The fields the form marks "empty for all" or "empty for the defaults"; any other sent empty is refused. */
    static final Set<String> EMPTY_MEANS_DEFAULT = Set.of("trainSubset", MODEL_OPTIONS);

    private TrainRequest() {
    }

    static TrainConfig fromJson(JsonNode body) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new InvalidInputException(name, InvalidInputException.quote(name) + ": unknown field; known fields are " + String.join(", ",
                        FIELDS.stream().sorted().toList()));
            }
            if (name.equals(MODEL_OPTIONS) && (body.get(name).isObject() || body.get(name).isNull())) {
                continue;
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
            return node == null || node.isNull() ? null : node.isObject() ? node.toString() : node.asText();
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
                (long) whole(field, "seed", (int) d.seed()),
                text(field, "schedule", d.schedule()),
                whole(field, "stepEpochs", d.stepEpochs()),
                number(field, "stepGamma", d.stepGamma()),
                whole(field, "earlyStoppingPatience", d.earlyStoppingPatience()),
                number(field, "validationSplit", d.validationSplit()),
                flag(field, "augment", d.augment()),
                options(field, MODEL_OPTIONS),
                number(field, "earlyExitThreshold", d.earlyExitThreshold()));
    }

    /** A checkbox ("on") or a JSON boolean; absent means the default. */
    private static boolean flag(Function<String, String> field, String name, boolean fallback) {
        String value = given(field, name, "true or false");
        if (value == null) {
            return fallback;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "on", "1" -> true;
            case "false", "off", "0" -> false;
            default -> throw new InvalidInputException(name, name + ": must be true or false, got "
                    + InvalidInputException.quote(value));
        };
    }

    /** A JSON object (text in a form); blank means none. */
    private static Map<String, Object> options(Function<String, String> field, String name) {
        String value = given(field, name, "a JSON object");
        if (value == null) {
            return Map.of();
        }
        try {
            Map<String, Object> parsed = Json.MAPPER.readValue(value, new TypeReference<Map<String, Object>>() { });
            return parsed == null ? Map.of() : parsed;
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(name, name + ": must be a JSON object such as {\"width\": 512}, got "
                    + InvalidInputException.quote(value));
        }
    }

    private static String required(Function<String, String> field, String name) {
        String value = field.apply(name);
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(name, name + ": required");
        }
        return value.trim();
    }

    private static String text(Function<String, String> field, String name, String fallback) {
        String value = given(field, name, "a name");
        return value == null ? fallback : value.trim();
    }

    private static int whole(Function<String, String> field, String name, int fallback) {
        String value = given(field, name, "a whole number");
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, name + ": must be a whole number, got " + InvalidInputException.quote(value));
        }
    }

    private static double number(Function<String, String> field, String name, double fallback) {
        String value = given(field, name, "a number");
        if (value == null) {
            return fallback;
        }
        try {
            double parsed = Double.parseDouble(value.trim());
            if (!Double.isFinite(parsed)) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, name + ": must be a number, got " + InvalidInputException.quote(value));
        }
    }

    /**
     * The field's text, or null for the default: when it was left out, or sent empty where the form
     * says empty means the default. Any other empty field is a 400: an emptied box is not a wish
     * for a full training run.
     */
    private static String given(Function<String, String> field, String name, String what) {
        String value = field.apply(name);
        if (value == null || value.isBlank() && EMPTY_MEANS_DEFAULT.contains(name)) {
            return null;
        }
        if (value.isBlank()) {
            throw new InvalidInputException(name, name + ": empty; give " + what);
        }
        return value;
    }
}
