package io.quantlab.exercise;

import io.quantlab.InvalidInputException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * A kind of numeric question whose numbers are drawn for each student and whose answers the
 * server computes with quant/'s own math, so a checked answer means the same as Lab 1's numbers.
 */
public sealed interface NumericTemplate permits NumericTemplates.ScaleAndZeroPoint, NumericTemplates.Dequantize,
        NumericTemplates.RestrictedGrid, NumericTemplates.SineSqnr, NumericTemplates.ClippedShare,
        NumericTemplates.ModelSize {

    /** The API's name ("scale-zero-point"). */
    String id();

    /** A few words for the instructor's list. */
    String title();

    /** A question with numbers drawn from {@code random}: the same draws give the same question. */
    NumericQuestion generate(SplittableRandom random);

    /** Every template, in the order the instructor's list shows them. */
    static List<NumericTemplate> all() {
        return List.of(new NumericTemplates.ScaleAndZeroPoint(), new NumericTemplates.Dequantize(),
                new NumericTemplates.RestrictedGrid(), new NumericTemplates.SineSqnr(),
                new NumericTemplates.ClippedShare(), new NumericTemplates.ModelSize());
    }

    /** @throws InvalidInputException (field "template") for a name that is not a template */
    static NumericTemplate of(String id) {
        return all().stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow(() -> new InvalidInputException(
                "template", "template must be one of " + all().stream().map(NumericTemplate::id)
                        .collect(Collectors.joining(", ")) + ", got " + InvalidInputException.quote(id)));
    }
}
