package io.quantlab.discretize;

import io.quantlab.quant.ClipRange;
import io.quantlab.quant.QuantParams;

/**
 * One bit width's run, with what the formulas and charts need beyond the result row.
 *
 * @param estimated the range the range method returned, before the scheme widened it to [α, β]
 */
record Quantized(BitWidthResult result, ClipRange estimated, QuantParams params) {
}
