package io.quantlab.ptq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDManager;
import io.quantlab.quant.QuantParams;
import io.quantlab.quant.Quantizer;
import io.quantlab.torch.TorchThread;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FakeQuantizeInTorchTest {

    @Test
    void libtorchGivesQuantizersValuesToTheBit() {
        Random random = new Random(3);
        float[] values = new float[20_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian() * 3;
        }
        QuantParams uint8 = new QuantParams(0.01f, 73, 0, 255);
        // exact ties x / scale = k + 0.5 must round to even in both
        for (int k = 0; k < 100; k++) {
            values[k] = (k - 50 + 0.5f) * 0.25f;
        }
        for (QuantParams params : new QuantParams[] {uint8, new QuantParams(0.25f, 0, -128, 127),
                new QuantParams(0.7f, 1, 0, 3), new QuantParams(1e-3f, 0, Integer.MIN_VALUE, Integer.MAX_VALUE)}) {
            float[] expected = Quantizer.fakeQuantize(values, params);
            float[] actual = TorchThread.call(() -> {
                try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
                    return FakeQuantizedNetwork.fakeQuantize(manager.create(values), params).toFloatArray();
                }
            });
            assertArrayEquals(expected, actual, 0f, params.toString());
        }
    }
}
