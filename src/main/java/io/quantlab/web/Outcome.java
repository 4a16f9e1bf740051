package io.quantlab.web;

import io.quantlab.InvalidInputException;
import java.util.function.Supplier;

/** A part of a page that either worked or has a message for the user, so one bad field spoils only its part. */
public record Outcome<T>(T value, String error) {
    static <T> Outcome<T> of(Supplier<T> work) {
        try {
            return new Outcome<>(work.get(), null);
        } catch (InvalidInputException e) {
            return new Outcome<>(null, e.getMessage());
        }
    }

    public boolean failed() {
        return error != null;
    }
}
