package io.quantlab.ptq;

import io.quantlab.quant.ClipRange;
import io.quantlab.quant.QuantParams;

/**
 * One activation tensor's calibration, a row of the page's calibration table: the smallest and
 * largest value seen on the calibration images, the range the observer chose from them (equal for
 * min-max, narrower where it clips the tails), the grid that range gives, and the share of the
 * calibration values that grid clips (0 for min-max, which never clips).
 */
public record TensorCalibration(String tensor, float observedMin, float observedMax, ClipRange chosen,
                                QuantParams params, double clippedShare) {}
