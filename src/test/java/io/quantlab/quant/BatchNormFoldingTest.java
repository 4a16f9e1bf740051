package io.quantlab.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.InvalidInputException;
import org.junit.jupiter.api.Test;

class BatchNormFoldingTest {

    @Test
    void foldedLinearLayerComputesLinearThenBatchNorm() {
        float[] weight = {1f, 2f, -1f, 0.5f}; // 2 outputs x 2 inputs
        BatchNormFolding.BatchNorm bn = new BatchNormFolding.BatchNorm(
                new float[] {2f, 0.5f}, new float[] {0.1f, -0.2f}, new float[] {1f, -1f}, new float[] {3f, 0.25f}, 1e-5f);
        BatchNormFolding.Folded folded = BatchNormFolding.fold(weight, null, bn);
        float[] x = {0.7f, -1.3f};
        for (int o = 0; o < 2; o++) {
            double linear = weight[2 * o] * x[0] + weight[2 * o + 1] * x[1];
            double bnOut = (linear - bn.runningMean()[o]) / Math.sqrt(bn.runningVar()[o] + 1e-5) * bn.gamma()[o] + bn.beta()[o];
            double foldedOut = folded.weight()[2 * o] * x[0] + folded.weight()[2 * o + 1] * x[1] + folded.bias()[o];
            assertArrayEquals(new double[] {bnOut}, new double[] {foldedOut}, 1e-6, "output " + o);
        }
    }

    @Test
    void mismatchedShapesAndNegativeVariancesAreRejected() {
        float[] ones = {1f, 1f};
        InvalidInputException variance = assertThrows(InvalidInputException.class,
                () -> new BatchNormFolding.BatchNorm(ones, ones, ones, new float[] {1f, -1f}, 1e-5f));
        assertTrue(variance.getMessage().contains("runningVar[1]"), variance.getMessage());
        BatchNormFolding.BatchNorm bn = new BatchNormFolding.BatchNorm(ones, ones, ones, ones, 1e-5f);
        assertThrows(InvalidInputException.class, () -> BatchNormFolding.fold(new float[] {1f, 2f, 3f}, null, bn));
    }
}
