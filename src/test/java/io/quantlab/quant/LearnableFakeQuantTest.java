package io.quantlab.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quantlab.InvalidInputException;
import org.junit.jupiter.api.Test;

class LearnableFakeQuantTest {

    @Test
    void lsqGradFactorIsOneOverRootOfElementsTimesQmax() {
        // The fixture's LSQ case: 64 elements, qmax 7.
        float expected = TorchReference.f32(TorchReference.caseWithId(
                "learnable_fake_quant/4bit_signed_clip_lsq_grad_factor/sine64").get("params").get("grad_factor"));
        assertEquals(expected, LearnableFakeQuant.lsqGradFactor(64, 7), 1e-7f);
    }

    @Test
    void clippedValuesPushTheScaleOutAndInsideValuesPullItByTheirRoundingError() {
        float[] x = {0.26f, 5f, -5f};
        LearnableFakeQuant.Step step = LearnableFakeQuant.apply(x, 0.5f, 0f, -4, 3, 1f, new float[] {1f, 1f, 1f});
        assertArrayEquals(new float[] {0.5f, 1.5f, -2f}, step.output());
        assertArrayEquals(new float[] {1f, 0f, 0f}, step.gradInput());
        // inside: round(0.52) - 0.52 = 0.48; above: qmax - zp = 3; below: qmin - zp = -4
        assertEquals(0.48f + 3f - 4f, step.gradScale(), 1e-6f);
        assertEquals(-0.5f * 2, step.gradZeroPoint(), 1e-6f);
    }

    @Test
    void badScaleIsRejected() {
        assertThrows(InvalidInputException.class,
                () -> LearnableFakeQuant.apply(new float[] {1f}, 0f, 0f, 0, 255, 1f, new float[] {1f}));
        assertThrows(InvalidInputException.class,
                () -> LearnableFakeQuant.apply(new float[] {1f}, 1f, 0f, 0, 255, 1f, new float[] {1f, 1f}));
    }
}
