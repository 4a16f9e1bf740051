package io.quantlab.qat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.quantlab.quant.QuantParams;
import io.quantlab.torch.TorchThread;
import org.junit.jupiter.api.Test;

/**
 * A learned step the optimizer drove to 0 or below is raised to float32's epsilon before the next
 * forward pass, as PyTorch's _LearnableFakeQuantize does: a sweep once failed converting an LSQ
 * model whose step had fallen to 1e-41 ("scale must be at least 2.9E-39" for the bias grid).
 */
class LearnedTest {

    @Test
    void stepsBelowFloat32sEpsilonAreRaisedToItInPlace() {
        float[] after = TorchThread.call(() -> {
            try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
                Parameter step = Learned.parameter("lsqStep-conv1", new Shape(4));
                step.initialize(manager, DataType.FLOAT32);
                Learned.start(step, -0.5f, 8.1652E-41f, 0f, 0.25f);
                Learned.floor(step, Learned.MIN_STEP);
                return step.getArray().toFloatArray();
            }
        });
        assertArrayEquals(new float[] {QuantParams.EPS, QuantParams.EPS, QuantParams.EPS, 0.25f}, after);
        // an INT8 bias grid, input step × weight step, at the floor still makes a valid scale
        assertTrue(QuantParams.EPS * QuantParams.EPS >= QuantParams.MIN_SCALE);
    }
}
