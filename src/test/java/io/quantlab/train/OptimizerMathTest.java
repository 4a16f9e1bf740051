package io.quantlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The optimizer updates against PyTorch 1.13's own: the expected values were printed by
 * {@code torch.optim.Adam([w], lr=0.1, weight_decay=0.01)} and
 * {@code torch.optim.SGD([w], lr=0.1, momentum=0.9, weight_decay=0.01)} after each of the three
 * gradients below was set as {@code w.grad} and {@code step()} called.
 */
class OptimizerMathTest {

    private static final float[][] GRADIENTS = {
        {0.5f, -1.0f, 0.0f, 2.0f},
        {0.25f, 0.5f, -0.125f, 2.0f},
        {-1.0f, 0.75f, 1.0f, -3.0f},
    };
    private static final float[][] TORCH_ADAM = {
        {0.9000000357627869f, -1.899999976158142f, 0.4000002145767212f, -0.09999998658895493f},
        {0.8065550923347473f, -1.871152400970459f, 0.4715854227542877f, -0.199998676776886f},
        {0.8258478045463562f, -1.8872265815734863f, 0.4147813320159912f, -0.20646177232265472f},
    };
    private static final float[][] TORCH_SGD = {
        {0.9490000009536743f, -1.8980000019073486f, 0.49950000643730164f, -0.20000000298023224f},
        {0.8771510124206543f, -1.8543020486831665f, 0.5110505223274231f, -0.579800009727478f},
        {0.9116097688674927f, -1.8881195783615112f, 0.42093491554260254f, -0.6210401654243469f},
    };

    @Test
    void adamStepsLikeTorch() {
        float[] w = {1.0f, -2.0f, 0.5f, 0.0f};
        float[] m = new float[4];
        float[] v = new float[4];
        for (int t = 0; t < GRADIENTS.length; t++) {
            OptimizerMath.adam(w, GRADIENTS[t].clone(), m, v, 4, 0.1, 0.01, t + 1);
            assertArrayEquals(TORCH_ADAM[t], w, 1e-6f, "after step " + (t + 1));
        }
    }

    @Test
    void sgdWithMomentumStepsLikeTorch() {
        float[] w = {1.0f, -2.0f, 0.5f, 0.0f};
        float[] buffer = new float[4];
        for (int t = 0; t < GRADIENTS.length; t++) {
            OptimizerMath.sgd(w, GRADIENTS[t].clone(), buffer, 4, 0.1, 0.9, 0.01);
            assertArrayEquals(TORCH_SGD[t], w, 1e-6f, "after step " + (t + 1));
        }
    }

    @Test
    void onlyTheFirstNValuesChange() {
        float[] w = {1, 1, 1};
        OptimizerMath.adam(w, new float[] {1, 1, 1}, new float[3], new float[3], 2, 0.5, 0, 1);
        assertEquals(0.5f, w[0], 1e-6f); // Adam's first step moves each value by the rate, against the gradient
        assertEquals(1f, w[2]);
        OptimizerMath.sgd(w, new float[] {1, 1, 1}, new float[3], 1, 0.5, 0.9, 0);
        assertEquals(0f, w[0], 1e-6f);
        assertEquals(0.5f, w[1], 1e-6f);
    }
}
