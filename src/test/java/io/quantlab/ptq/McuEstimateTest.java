package io.quantlab.ptq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.Json;
import io.quantlab.model.ModelShapes;
import io.quantlab.model.ModelSpec;
import io.quantlab.model.ModelZoo;
import io.quantlab.model.Node;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The microcontroller estimate, counted by hand on tiny models. */
class McuEstimateTest {

    /** [1, 8, 8] → conv 4×3×3 (no bias) + BN + ReLU → max-pool 2 → flatten (64) → Linear 10 with bias. */
    private static final ModelSpec TINY = new ModelSpec("tiny", List.of(1, 8, 8), List.of(
            new Node.Conv2d("conv", List.of("input"), 4, 3, 1, 1, false),
            new Node.BatchNorm2d("bn", List.of("conv"), 1e-5, 0.1),
            new Node.ReLU("relu", List.of("bn")),
            new Node.MaxPool2d("pool", List.of("relu"), 2, 2, 0),
            new Node.Flatten("flatten", List.of("pool")),
            new Node.Linear("fc", List.of("flatten"), 10, true)));

    @Test
    void macsAreCoutTimesCinOverGroupsTimesKernelAreaTimesOutputPixelsPlusLinearInTimesOut() {
        McuEstimate mcu = McuEstimate.of(TINY, PtqConfig.defaults());
        long conv = 4 * 1 * 3 * 3 * 8 * 8;
        long fc = 64 * 10;
        assertEquals(conv + fc, mcu.macs());
        assertEquals(ModelShapes.macs(TINY), mcu.macs());
        assertEquals(List.of(conv, 0L, 0L, fc), mcu.steps().stream().map(McuEstimate.Step::macs).toList());
        assertEquals(List.of("conv", "pool", "flatten", "fc"), mcu.steps().stream().map(McuEstimate.Step::step).toList());
    }

    @Test
    void flashIsPackedWeightsPlusInt32BiasesPlusScalesAndZeroPoints() {
        McuEstimate w8 = McuEstimate.of(TINY, PtqConfig.defaults());
        // per-channel symmetric int8: conv 36 weights, 4 scales, a folded bias of 4 int32; fc 640 weights, 10 scales, 10 biases;
        // the input's and relu's uint8 grids: scale + 1-byte zero-point each
        assertEquals(36 + 640, w8.weightBytes());
        assertEquals(4 * 4 + 4 * 4 + 10 * 4 + 10 * 4 + 2 * (4 + 1), w8.parameterBytes());
        assertEquals(w8.weightBytes() + w8.parameterBytes(), w8.flashBytes());
        assertEquals(36 + 4 * 4 + 4 * 4, w8.steps().get(0).flashBytes());

        McuEstimate w4PerTensor = McuEstimate.of(TINY, PtqConfig.of(Map.of("weightBits", 4, "granularity", "per-tensor",
                "weightScheme", "asymmetric")));
        assertEquals(36 * 4 / 8 + 640 * 4 / 8, w4PerTensor.weightBytes(), "4-bit weights pack two to a byte");
        assertEquals((4 + 1) + 4 * 4 + (4 + 1) + 10 * 4 + 2 * (4 + 1), w4PerTensor.parameterBytes(),
                "one scale and zero-point per tensor");

        McuEstimate unfolded = McuEstimate.of(TINY, PtqConfig.of(Map.of("foldBatchNorm", false)));
        assertEquals(List.of("conv", "bn", "pool", "flatten", "fc"),
                unfolded.steps().stream().map(McuEstimate.Step::step).toList());
        assertEquals(2 * 4 * 4, unfolded.steps().get(1).flashBytes(), "the BatchNorm's scale and shift in float32");
        assertEquals(4 * 4, unfolded.steps().get(0).flashBytes() - 36, "no bias without folding, only the scales");

        McuEstimate dynamic = McuEstimate.of(TINY, PtqConfig.of(Map.of("mode", "dynamic")));
        assertEquals(36 * 4 + 640, dynamic.weightBytes(), "dynamic quantization leaves the convolution float32");
    }

    @Test
    void peakRamIsTheLargestInputPlusOutputPairAtTheActivationBits() {
        McuEstimate a8 = McuEstimate.of(TINY, PtqConfig.defaults());
        // conv: 64-byte input + 4·8·8 output; pool: 256 + 64; flatten: 64 + 64; fc: 64 + 10 float32 logits
        assertEquals(List.of(64L + 256, 256L + 64, 64L + 64, 64L + 40),
                a8.steps().stream().map(McuEstimate.Step::ramBytes).toList());
        assertEquals(320, a8.peakRamBytes());
        assertEquals("conv", a8.peakRamStep());
        assertEquals(32 + 128, McuEstimate.of(TINY, PtqConfig.of(Map.of("activationBits", 4))).peakRamBytes());
        assertEquals(4 * (64 + 256), McuEstimate.of(TINY, PtqConfig.of(Map.of("mode", "weight-only"))).peakRamBytes(),
                "activations stay float32 without static quantization");
    }

    @Test
    void aTensorKeptForALaterAddStaysInRam() {
        // r1 (2×4×4) waits for the Add while c2 (4×4×4) and c3 (2×4×4) are computed
        ModelSpec residual = new ModelSpec("residual", List.of(1, 4, 4), List.of(
                new Node.Conv2d("c1", List.of("input"), 2, 1, 1, 0, true),
                new Node.ReLU("r1", List.of("c1")),
                new Node.Conv2d("c2", List.of("r1"), 4, 1, 1, 0, true),
                new Node.Conv2d("c3", List.of("c2"), 2, 1, 1, 0, true),
                new Node.Add("add", List.of("r1", "c3")),
                new Node.Flatten("flatten", List.of("add")),
                new Node.Linear("fc", List.of("flatten"), 3, true)));
        McuEstimate mcu = McuEstimate.of(residual, PtqConfig.defaults());
        assertEquals("c3", mcu.peakRamStep());
        assertEquals(32 + 64 + 32, mcu.peakRamBytes());
    }

    @Test
    void latencyIsMacsTimesCyclesPerMacOverTheClockAndTheEstimateSaysItIsOne() {
        McuEstimate mcu = McuEstimate.of(ModelZoo.build("small-cnn", 1, 28, 28, 10), PtqConfig.defaults());
        assertEquals(2, mcu.chips().size());
        for (McuEstimate.Chip chip : mcu.chips()) {
            assertEquals(mcu.macs() * chip.cyclesPerMac() / (chip.clockMhz() * 1e3), chip.latencyMs(), 1e-9);
        }
        assertTrue(mcu.chips().get(0).latencyMs() > mcu.chips().get(1).latencyMs(), "the M7 is faster");
        assertTrue(mcu.note().startsWith("Estimate"), mcu.note());
        String json = Json.write(mcu);
        assertTrue(json.contains("\"peakRamBytes\"") && json.contains("\"cyclesPerMac\""), json);
    }
}
