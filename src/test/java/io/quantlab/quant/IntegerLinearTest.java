package io.quantlab.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quantlab.InvalidInputException;
import org.junit.jupiter.api.Test;

class IntegerLinearTest {

    @Test
    void integerLinearTracksTheFloatLayerWithinOneOutputStep() {
        float[] x = QuantizerPropertiesTest.gaussian(4 * 16, 0f, 1f, 8);
        float[] w = QuantizerPropertiesTest.gaussian(3 * 16, 0f, 0.2f, 9);
        float[] bias = {0.1f, -0.3f, 0.05f};
        QuantParams input = new RangeEstimator.MinMax().params(x, QuantFormat.quint8());
        QuantParams weight = new RangeEstimator.MinMax().params(w, QuantFormat.qint8Symmetric());
        QuantParams output = QuantParams.fromRange(new ClipRange(-6f, 6f), QuantFormat.quint8());
        IntegerLinear.Result result = IntegerLinear.forward(Quantizer.quantize(x, input), input,
                Quantizer.quantize(w, weight), weight, bias, output, 16);
        assertEquals(12, result.output().length);
        for (int n = 0; n < 4; n++) {
            for (int o = 0; o < 3; o++) {
                double exact = bias[o];
                for (int k = 0; k < 16; k++) {
                    exact += x[n * 16 + k] * w[o * 16 + k];
                }
                assertEquals(exact, result.dequantized()[n * 3 + o], 2 * output.scale(), "output " + n + "," + o);
            }
        }
    }

    @Test
    void accumulatorsSubtractZeroPointsBeforeMultiplying() {
        QuantParams input = new QuantParams(1f, 10, 0, 255);
        QuantParams weight = new QuantParams(1f, -1, -128, 127);
        QuantParams output = new QuantParams(1f, 0, -128, 127);
        IntegerLinear.Result result = IntegerLinear.forward(new int[] {12, 9}, input, new int[] {2, 0}, weight, null, output, 2);
        assertArrayEquals(new int[] {(12 - 10) * 3 + (9 - 10) * 1}, result.accumulators());
        assertArrayEquals(new int[] {5}, result.output());
    }

    @Test
    void featuresThatDoNotDivideTheInputAreRejected() {
        QuantParams p = new QuantParams(1f, 0, -128, 127);
        assertThrows(InvalidInputException.class, () -> IntegerLinear.forward(new int[3], p, new int[4], p, null, p, 2));
    }
}
