package io.quantlab.discretize;

/** One step of the quantization written out with the user's numbers. */
public record Formula(String name, String text) {
}
