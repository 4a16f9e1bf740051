package io.quantlab.discretize;

/**
 * What quantizing all samples at one bit width gives; the names are the JSON API's.
 *
 * @param clipMin         α, the lower end of the range the scale is computed from (after the scheme
 *                        widens it to include 0, or makes it symmetric)
 * @param clipMax         β, the upper end
 * @param levelsAvailable qmax − qmin + 1
 * @param levelsUsed      distinct codes that occur
 * @param clippedShare    fraction of samples beyond the grid, in [0, 1]
 * @param maxError        largest |x − x̂|
 * @param sqnrDb          10 log10(Σx² / Σ(x − x̂)²), or null when there is no error at all (SQNR is infinite)
 */
public record BitWidthResult(int bits, float scale, int zeroPoint, int qmin, int qmax, float clipMin, float clipMax,
        int levelsAvailable, int levelsUsed, double clippedShare, double mse, double maxError, Double sqnrDb) {
}
