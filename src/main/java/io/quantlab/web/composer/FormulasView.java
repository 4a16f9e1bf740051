package io.quantlab.web.composer;

import java.util.List;

/**
 * The formulas of a composition on one layer ({@code parts}), or why they cannot be computed:
 * {@code error}, the message of {@code errorField}.
 */
public record FormulasView(String layer, List<QuantizerParts.Part> parts, String error, String errorField) {
}
