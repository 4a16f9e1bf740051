package io.quantlab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.InvalidInputException;
import io.quantlab.deploy.ModelQuantization;
import io.quantlab.ptq.PtqConfig;
import io.quantlab.qat.QatConfig;
import io.quantlab.qat.StraightThrough;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepConfigTest {

    @Test
    void defaultsSweepEightFourAndTwoBitsWidestFirst() {
        SweepConfig sweep = SweepConfig.of(Map.of());
        assertEquals(List.of(8, 4, 2), sweep.bits());
        assertEquals(List.of(8, 4, 2), SweepConfig.of(Map.of("bits", List.of(2, 8, 4))).bits());
        assertEquals(8, sweep.quantizer().activationBits());
    }

    @Test
    void thePlainQatKeepsTheRecipeAndResetsEveryQuantizerSetting() {
        SweepConfig sweep = SweepConfig.of(Map.of("bits", List.of(4, 2), "epochs", 2, "learningRate", 0.01,
                "activationBits", 6, "granularity", "per-tensor", "gradient", "identity", "seed", 3));
        QatConfig plain = sweep.plainQat(2);
        assertEquals(2, plain.weightBits());
        assertEquals(6, plain.activationBits());
        assertEquals(2, plain.epochs());
        assertEquals(0.01, plain.learningRate());
        assertEquals(3, plain.seed());
        assertEquals(PtqConfig.Granularity.PER_CHANNEL, plain.granularity());
        assertEquals(StraightThrough.Gradient.CLIPPED, plain.gradient());

        QatConfig composed = sweep.composed(2);
        assertEquals(2, composed.weightBits());
        assertEquals(PtqConfig.Granularity.PER_TENSOR, composed.granularity());
        assertEquals(StraightThrough.Gradient.IDENTITY, composed.gradient());

        PtqConfig ptq = sweep.ptq(4);
        assertEquals(ModelQuantization.Mode.STATIC, ptq.mode());
        assertEquals(4, ptq.weightBits());
        assertEquals(6, ptq.activationBits());
        assertEquals(PtqConfig.Granularity.PER_CHANNEL, ptq.granularity());
    }

    @Test
    void onlyEightByEightBitsDeploy() {
        SweepConfig sweep = SweepConfig.of(Map.of("bits", List.of(8, 4)));
        assertTrue(sweep.deploys(8));
        assertEquals(false, sweep.deploys(4));
        assertEquals(false, SweepConfig.of(Map.of("bits", List.of(8), "activationBits", 4)).deploys(8));
        assertEquals("W4A8", sweep.bitsName(4));
    }

    @Test
    void itsFieldsReadBackAsTheSameSweep() {
        SweepConfig sweep = SweepConfig.of(Map.of("bits", List.of(3, 5), "epochs", 2, "gradient", "identity"));
        Map<String, Object> fields = sweep.fields();
        assertEquals(List.of(5, 3), fields.get("bits"));
        assertTrue(!fields.containsKey("weightBits"), fields.toString());
        assertEquals(sweep, SweepConfig.of(fields));
    }

    @Test
    void badWidthsAreRefusedNamingBits() {
        assertBits(Map.of("bits", List.of()), "at least one");
        assertBits(Map.of("bits", List.of(8, 1)), "between 2 and 8, got 1");
        assertBits(Map.of("bits", List.of(9)), "between 2 and 8, got 9");
        assertBits(Map.of("bits", List.of(1e12)), "between 2 and 8");
        assertBits(Map.of("bits", List.of(4, 4)), "4 twice");
        assertBits(Map.of("bits", List.of(8, 7, 6, 5, 4, 3)), "at most 5");
        assertBits(Map.of("bits", List.of(4.5)), "whole numbers");
        assertBits(Map.of("bits", List.of("8")), "whole numbers");
        assertBits(Map.of("bits", 8), "a list");
    }

    @Test
    void aWeightWidthOfItsOwnAndTheQuantizersErrorsAreRefusedByField() {
        assertField(Map.of("weightBits", 4), "weightBits", "send \"bits\"");
        assertField(Map.of("activationBits", 9), "activationBits", "between");
        assertField(Map.of("epochs", 0), "epochs", "between 1");
        assertField(Map.of("weightQuantizer", "magic"), "weightQuantizer", "must be one of");
    }

    @Test
    void fp32ActivationsAreComparedWithAWeightOnlyPtq() {
        SweepConfig sweep = SweepConfig.of(Map.of("bits", List.of(8, 4), "activationBits", 32));
        assertEquals(ModelQuantization.Mode.WEIGHT_ONLY, sweep.ptq(4).mode());
        assertEquals(32, sweep.plainQat(4).activationBits());
        assertEquals("W4", sweep.bitsName(4));
        assertEquals(false, sweep.deploys(8));
    }

    @Test
    void theComposedQuantizersOwnPartsGoToTheCustomPointOnly() {
        SweepConfig sweep = SweepConfig.of(Map.of("bits", List.of(4), "weightQuantizer", "lsq",
                "activationQuantizer", "pact", "layers", List.of("fc2"), "rounding", "stochastic"));
        QatConfig custom = sweep.composed(4);
        assertEquals(QatConfig.Quantizer.LSQ, custom.weightQuantizer());
        assertEquals(QatConfig.Quantizer.PACT, custom.activationQuantizer());
        assertEquals(List.of("fc2"), custom.layers());
        QatConfig plain = sweep.plainQat(4);
        assertEquals(QatConfig.Quantizer.STE, plain.weightQuantizer());
        assertEquals(QatConfig.Quantizer.STE, plain.activationQuantizer());
        assertEquals(List.of(), plain.layers());
        assertEquals(QatConfig.Rounding.NEAREST, plain.rounding());
        assertEquals(sweep, SweepConfig.of(sweep.fields()));
        assertTrue(SweepConfig.FIELDS.contains("layers") && SweepConfig.FIELDS.contains("bits")
                && !SweepConfig.FIELDS.contains("weightBits") && !SweepConfig.FIELDS.contains("layerBits"));
    }

    @Test
    void binaryQuantizersHaveNoWidthToSweep() {
        assertField(Map.of("weightQuantizer", "binary"), "weightQuantizer", "QAT form");
        assertField(Map.of("activationQuantizer", "binary"), "activationQuantizer", "2 to 8 bits");
        assertField(Map.of("layerBits", Map.of("fc1", 4)), "layerBits", "send \"bits\"");
        assertField(Map.of("weightQuantizer", "pact"), "weightQuantizer", "activations only");
        assertField(Map.of("activationQuantizer", "lsq", "activationBits", 32), "activationBits", "FP32");
    }

    private static void assertBits(Map<String, ?> fields, String hint) {
        assertField(fields, "bits", hint);
    }

    private static void assertField(Map<String, ?> fields, String field, String hint) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> SweepConfig.of(fields));
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().contains(hint), e.getMessage());
    }
}
