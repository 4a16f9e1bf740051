package io.quantlab.ptq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.InvalidInputException;
import io.quantlab.deploy.ModelQuantization;
import io.quantlab.quant.QuantScheme;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
        assertField("weightBits", Map.of("weightBits", 0));
        assertField("weightBits", Map.of("weightBits", 9));
        assertField("weightBits", Map.of("weightBits", 1));
        assertField("activationBits", Map.of("activationBits", 0));
        assertField("activationBits", Map.of("activationBits", 9));
        assertField("weightBits", Map.of("weightBits", 7.5));
        assertField("weightBits", Map.of("weightBits", "8"));
        assertEquals(2, PtqConfig.of(Map.of("weightBits", 2, "activationBits", 2)).activationBits());
    }

    @Test
    void calibrationBatchesMustBeAtLeastOneAndBounded() {
        assertField("calibrationBatches", Map.of("calibrationBatches", 0));
        assertField("calibrationBatches", Map.of("calibrationBatches", -3));
        assertField("calibrationBatches", Map.of("calibrationBatches", PtqConfig.MAX_CALIBRATION_BATCHES + 1));
        assertEquals(PtqConfig.MAX_CALIBRATION_BATCHES,
                PtqConfig.of(Map.of("calibrationBatches", PtqConfig.MAX_CALIBRATION_BATCHES)).calibrationBatches());
    }

    @Test
    void unknownNamesAndWrongTypesNameTheirField() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> PtqConfig.of(Map.of("activationRange", "entropy")));
        assertEquals("activationRange", e.field());
        assertTrue(e.getMessage().contains("moving-average") && e.getMessage().contains("'entropy'"), e.getMessage());
        assertField("mode", Map.of("mode", "int8"));
        assertField("granularity", Map.of("granularity", "per-row"));
        assertField("weightScheme", Map.of("weightScheme", 1));
        assertField("percentile", Map.of("activationRange", "percentile", "percentile", 101));
        assertField("foldBatchNorm", Map.of("foldBatchNorm", "yes"));
        assertField("seed", Map.of("seed", "zero"));
        assertThrows(InvalidInputException.class, () -> new PtqConfig(null, 8, 8, D.granularity(), D.weightScheme(),
                D.activationRange(), 99.99, 10, true, 0));
    }

    @Test
    void theApiFieldsSetEverySetting() {
        PtqConfig config = PtqConfig.of(Map.ofEntries(Map.entry("kind", "ptq"), Map.entry("parent", 7),
                Map.entry("mode", "weight-only"), Map.entry("weightBits", 4), Map.entry("granularity", "per-tensor"),
                Map.entry("weightScheme", "asymmetric"), Map.entry("activationRange", "kl"),
                Map.entry("percentile", 99.9), Map.entry("calibrationBatches", 3), Map.entry("foldBatchNorm", false),
                Map.entry("seed", 5)));
        assertEquals(new PtqConfig(ModelQuantization.Mode.WEIGHT_ONLY, 4, 8, PtqConfig.Granularity.PER_TENSOR,
                PtqConfig.WeightScheme.ASYMMETRIC, PtqConfig.ActivationRange.KL, 99.9, 3, false, 5), config);
        assertEquals(D, PtqConfig.of(Map.of()));
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

    private static void assertField(String field, Map<String, ?> fields) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> PtqConfig.of(fields));
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }
}
