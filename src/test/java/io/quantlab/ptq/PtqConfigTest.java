package io.quantlab.ptq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.InvalidInputException;
import io.quantlab.deploy.ModelQuantization;
import io.quantlab.quant.QuantScheme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class PtqConfigTest {

    private static final PtqConfig D = PtqConfig.defaults();

    @Test
    void defaultsAreStaticEightBitPerChannelSymmetricMinMaxTenBatchesFolded() {
        assertEquals(ModelQuantization.Mode.STATIC, D.mode());
        assertEquals(8, D.weightBits());
        assertEquals(8, D.activationBits());
        assertEquals(PtqConfig.Granularity.PER_CHANNEL, D.granularity());
        assertEquals(PtqConfig.WeightScheme.SYMMETRIC, D.weightScheme());
        assertEquals(PtqConfig.ActivationRange.MINMAX, D.activationRange());
        assertEquals(99.99, D.percentile());
        assertEquals(10, D.calibrationBatches());
        assertTrue(D.foldBatchNorm());
        assertEquals(0, D.seed());
        assertEquals(-128, D.weightFormat().qmin());
        assertEquals(QuantScheme.AFFINE, D.activationFormat().scheme());
        assertEquals(255, D.activationFormat().qmax());
    }

    @Test
    void bitsOutsideTwoToEightNameTheirField() {
        assertField("weightBits", () -> D.withBits(0, 8));
        assertField("weightBits", () -> D.withBits(9, 8));
        assertField("weightBits", () -> D.withBits(1, 8));
        assertField("activationBits", () -> D.withBits(8, 0));
        assertField("activationBits", () -> D.withBits(8, 9));
        assertEquals(2, D.withBits(2, 2).weightBits());
    }

    @Test
    void calibrationBatchesMustBeAtLeastOneAndBounded() {
        assertField("calibrationBatches", () -> D.withCalibrationBatches(0));
        assertField("calibrationBatches", () -> D.withCalibrationBatches(-3));
        assertField("calibrationBatches", () -> D.withCalibrationBatches(PtqConfig.MAX_CALIBRATION_BATCHES + 1));
    }

    @Test
    void unknownNamesNameTheirFieldAndListTheChoices() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> PtqConfig.ActivationRange.parse("entropy"));
        assertEquals("activationRange", e.field());
        assertTrue(e.getMessage().contains("moving-average") && e.getMessage().contains("'entropy'"), e.getMessage());
        assertField("mode", () -> PtqConfig.parseMode("int8"));
        assertField("granularity", () -> PtqConfig.Granularity.parse("per-row"));
        assertField("weightScheme", () -> PtqConfig.WeightScheme.parse(null));
        assertField("percentile", () -> new PtqConfig(D.mode(), 8, 8, D.granularity(), D.weightScheme(),
                PtqConfig.ActivationRange.PERCENTILE, 101, 10, true, 0));
        assertField("activationRange", () -> D.withActivationRange(null));
        assertField("mode", () -> D.withMode(null));
    }

    @Test
    void apiNamesParseBack() {
        for (PtqConfig.ActivationRange range : PtqConfig.ActivationRange.values()) {
            assertEquals(range, PtqConfig.ActivationRange.parse(PtqConfig.apiName(range)));
        }
        assertEquals(ModelQuantization.Mode.WEIGHT_ONLY, PtqConfig.parseMode("weight-only"));
        assertEquals(PtqConfig.Granularity.PER_TENSOR, PtqConfig.Granularity.parse("per-tensor"));
        assertEquals(PtqConfig.WeightScheme.ASYMMETRIC, PtqConfig.WeightScheme.parse("asymmetric"));
    }

    @Test
    void asymmetricWeightsUseAnUnsignedAffineGrid() {
        PtqConfig config = new PtqConfig(D.mode(), 4, 8, D.granularity(), PtqConfig.WeightScheme.ASYMMETRIC,
                D.activationRange(), D.percentile(), 10, true, 0);
        assertEquals(0, config.weightFormat().qmin());
        assertEquals(15, config.weightFormat().qmax());
    }

    private static void assertField(String field, Executable bad) {
        InvalidInputException e = assertThrows(InvalidInputException.class, bad);
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }
}
