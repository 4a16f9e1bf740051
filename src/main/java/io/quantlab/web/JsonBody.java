package io.quantlab.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.quantlab.InvalidInputException;

/** JSON in and out of a request, through the application's one mapper. */
public final class JsonBody {
    private JsonBody() {
    }

    public static void send(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(io.quantlab.Json.write(body));
    }

    /** The request body as a JSON object; a clear 400 when it is not one. */
    public static JsonNode object(Context ctx) throws JsonProcessingException {
        String body = ctx.body();
        if (body == null || body.isBlank()) {
            throw new InvalidInputException(null, "send a JSON object in the request body");
        }
        JsonNode node = io.quantlab.Json.MAPPER.readTree(body);
        if (node == null || !node.isObject()) {
            throw new InvalidInputException(null, "the request body must be a JSON object");
        }
        return node;
    }

    /** A text field of a JSON object: null when absent or null, a 400 naming it when it is not a string. */
    public static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidInputException(field, field + " must be a string");
        }
        return node.asText();
    }
}
