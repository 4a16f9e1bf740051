package io.quantlab.qat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
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
                Parameter step = startedAt(manager, -0.5f, 8.1652E-41f, 0f, 0.25f, Float.NaN, Float.POSITIVE_INFINITY);
                Learned.floor(step, Learned.MIN_STEP);
                return step.getArray().toFloatArray();
            }
        });
        // NaN and infinity stay for the fine-tuning's finite check to name
        assertArrayEquals(new float[] {QuantParams.EPS, QuantParams.EPS, QuantParams.EPS, 0.25f, Float.NaN,
                Float.POSITIVE_INFINITY}, after);
        // an INT8 bias grid, input step × weight step, at the floor still makes a valid scale
        assertTrue(QuantParams.EPS * QuantParams.EPS >= QuantParams.MIN_SCALE);
    }

    @Test
    void aFlooredStepIsStillTrainedDuringAForwardAndBackwardPass() {
        float[] gradient = TorchThread.call(() -> {
            try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
                Parameter step = startedAt(manager, 0f, 0.5f, -1f);
                try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                    Learned.floor(step, Learned.MIN_STEP); // as a training step's forward pass starts
                    NDArray weights = manager.create(new float[] {1f, 2f, 3f});
                    collector.backward(step.getArray().mul(weights).sum());
                }
                assertArrayEquals(new float[] {QuantParams.EPS, 0.5f, QuantParams.EPS},
                        step.getArray().toFloatArray());
                return step.getArray().getGradient().toFloatArray();
            }
        });
        assertArrayEquals(new float[] {1f, 2f, 3f}, gradient, "d(Σ step·w)/d step = w: the write left it a leaf");
    }

    /** An LSQ step parameter holding {@code values}, as the optimizer may have left them. */
    private static Parameter startedAt(NDManager manager, float... values) {
        Parameter step = Learned.parameter("lsqStep-conv1", new Shape(values.length));
        step.initialize(manager, DataType.FLOAT32);
        Learned.start(step, values);
        return step;
    }
}
