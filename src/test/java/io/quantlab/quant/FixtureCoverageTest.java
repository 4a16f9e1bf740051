package io.quantlab.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class FixtureCoverageTest {
    /** The PyTorch/numpy operations the parity tests check, every case of each. */
    private static final Set<String> CHECKED = Set.of(
            "torch.ao.quantization.MinMaxObserver",
            "torch.ao.quantization.MovingAverageMinMaxObserver",
            "torch.ao.quantization.PerChannelMinMaxObserver",
            "torch.ao.quantization.HistogramObserver",
            "numpy.percentile",
            "torch.fake_quantize_per_tensor_affine",
            "torch.fake_quantize_per_channel_affine",
            "torch.quantize_per_tensor",
            "torch._fake_quantize_learnable_per_tensor_affine",
            "error_metrics(torch.fake_quantize_per_tensor_affine)",
            "torch.nn.utils.fusion.fuse_conv_bn_weights",
            "torch.ao.nn.quantized.Linear");

    @Test
    void everyOperationInTheFixtureHasAParityTest() {
        Set<String> inFixture = new TreeSet<>();
        int cases = 0;
        for (String op : CHECKED) {
            cases += TorchReference.casesOf(op).size();
        }
        TorchReference.allOps().forEach(inFixture::add);
        assertEquals(new TreeSet<>(CHECKED), inFixture, "a new fixture operation needs a parity test");
        assertEquals(TorchReference.caseCount(), cases);
    }
}
