package io.quantlab.discretize;

import java.util.List;

/** The same samples quantized at each requested bit width: the JSON API's answer. */
public record Comparison(int n, List<BitWidthResult> results) {
    public BitWidthResult at(int bits) {
        return results.stream().filter(r -> r.bits() == bits).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no result at " + bits + " bits"));
    }
}
