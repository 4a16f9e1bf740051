package io.quantlab.exercise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.InvalidInputException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The numeric templates: per-student numbers, and answers a student computing by hand gets right. */
class NumericTemplatesTest {
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

    @Test
    void eachStudentGetsTheirOwnNumbersAndTheSameOnesEveryTime() {
        for (NumericTemplate template : NumericTemplate.all()) {
            Set<String> texts = new HashSet<>();
            for (long student = 1; student <= 20; student++) {
                String text = template.generate(StudentNumbers.random(7, 0, student)).text();
                assertEquals(text, template.generate(StudentNumbers.random(7, 0, student)).text());
                texts.add(text);
            }
            // a grid's levels have only 7 widths to draw from; the others vary far more
            assertTrue(texts.size() >= 5, template.id() + " gave twenty students only " + texts.size() + " questions");
            assertNotEquals(template.generate(StudentNumbers.random(7, 0, 1)).text(),
                    template.generate(StudentNumbers.random(8, 0, 1)).text(), "another exercise, other numbers");
        }
    }

    @Test
    void anAffineScaleAndZeroPointComputedByHandAreRight() {
        int checked = 0;
        for (long student = 1; checked < 20 && student < 500; student++) {
            NumericQuestion q = new NumericTemplates.ScaleAndZeroPoint().generate(StudentNumbers.random(1, 0, student));
            if (q.answers().size() != 2) {
                continue;
            }
            double[] n = numbers(q.text());
            double min = n[0];
            double max = n[1];
            int bits = (int) n[2];
            double qmax = Math.pow(2, bits) - 1;
            double scale = (max - min) / qmax; // the lecture's formula, in double
            long zeroPoint = Math.round(-min / scale);
            assertEquals(1.0, grade(q, Map.of("scale", scale, "zeroPoint", (double) zeroPoint), 0.01), q.text());
            checked++;
        }
        assertEquals(20, checked);
    }

    @Test
    void aRestrictedSymmetricScaleIsMaxAbsOverQmax() {
        int checked = 0;
        for (long student = 1; checked < 20 && student < 500; student++) {
            NumericQuestion q = new NumericTemplates.ScaleAndZeroPoint().generate(StudentNumbers.random(1, 0, student));
            if (q.answers().size() != 1) {
                continue;
            }
            double[] n = numbers(q.text());
            double qmax = Math.pow(2, n[2] - 1) - 1;
            assertEquals(qmax, n[4], q.text()); // "... restricted grid -qmax … qmax"
            double scale = Math.max(-n[0], n[1]) / qmax;
            assertEquals(1.0, grade(q, Map.of("scale", scale), 0.01), q.text());
            checked++;
        }
        assertEquals(20, checked);
    }

    @Test
    void dequantizingIsScaleTimesQMinusZ() {
        NumericQuestion q = new NumericTemplates.Dequantize().generate(StudentNumbers.random(2, 0, 3));
        double[] n = numbers(q.text()); // 8-bit, s, z, q
        assertEquals(1.0, grade(q, Map.of("value", n[1] * (n[3] - n[2])), 0.01), q.text());
        assertEquals(0.0, grade(q, Map.of("value", n[1] * (n[3] + n[2])), 0.01), q.text());
    }

    @Test
    void theRestrictedGridHasTwoToTheBMinusOneLevels() {
        for (long student = 1; student < 30; student++) {
            NumericQuestion q = new NumericTemplates.RestrictedGrid().generate(StudentNumbers.random(3, 0, student));
            int bits = (int) numbers(q.text())[0];
            double levels = Math.pow(2, bits) - 1;
            assertEquals(1.0, grade(q, Map.of("levels", levels, "qmax", (levels - 1) / 2), 0), q.text());
            assertEquals(0.5, grade(q, Map.of("levels", levels + 1, "qmax", (levels - 1) / 2), 0),
                    "the unrestricted count is wrong, and integers are checked exactly: " + q.text());
        }
    }

    @Test
    void theSineRuleIsSixDecibelsPerBit() {
        NumericQuestion q = new NumericTemplates.SineSqnr().generate(StudentNumbers.random(4, 0, 1));
        int bits = (int) numbers(q.text())[0];
        assertEquals(1.0, grade(q, Map.of("sqnrDb", 6.02 * bits + 1.76), 1), q.text());
        assertEquals(0.0, grade(q, Map.of("sqnrDb", 6.0 * bits), 1), "6 dB per bit without the 1.76: " + q.text());
    }

    @Test
    void theClippedShareCountsLaterValuesAboveTheCalibratedLinearPercentile() {
        for (long student = 1; student < 30; student++) {
            NumericQuestion q = new NumericTemplates.ClippedShare().generate(StudentNumbers.random(5, 0, student));
            double[] n = numbers(q.text()); // p, 10, ten calibration values, ten later ones
            double p = n[0];
            double[] abs = new double[10];
            for (int i = 0; i < 10; i++) {
                abs[i] = Math.abs(n[2 + i]);
            }
            java.util.Arrays.sort(abs);
            double rank = p / 100 * 9;
            int lo = (int) Math.floor(rank);
            double limit = abs[lo] + (rank - lo) * (abs[Math.min(lo + 1, 9)] - abs[lo]);
            long clipped = java.util.Arrays.stream(n, 12, 22).filter(v -> Math.abs(v) > limit).count();
            assertEquals(1.0, grade(q, Map.of("clippedPercent", 10.0 * clipped), 0.01), q.text());
        }
    }

    @Test
    void aModelsSizeIsPackedWeightsPlusFourBytesPerChannel() {
        NumericQuestion q = new NumericTemplates.ModelSize().generate(StudentNumbers.random(6, 0, 1));
        double[] n = numbers(q.text()); // weights, channels, bits, float32 (32)
        double bytes = n[0] * n[2] / 8 + 4 * n[1];
        assertEquals(1.0, grade(q, Map.of("bytes", bytes), 0), q.text());
        assertEquals(0.0, grade(q, Map.of("bytes", bytes + 1), 50), "a count of bytes is exact: " + q.text());
    }

    @Test
    void toleranceMissingAnswersAndNonsense() {
        NumericQuestion q = new NumericQuestion("t", "?", java.util.List.of(
                new NumericQuestion.Answer("a", "a", 100, false), new NumericQuestion.Answer("b", "b", 3, true)));
        assertEquals(1.0, grade(q, Map.of("a", 101.0, "b", 3.0), 1));
        assertEquals(0.5, grade(q, Map.of("a", 101.01, "b", 3.0), 1));
        assertEquals(0.5, grade(q, Map.of("a", 100.0), 1), "a missing answer is wrong, not an error");
        Map<String, Double> nan = new HashMap<>();
        nan.put("a", Double.NaN);
        nan.put("b", Double.POSITIVE_INFINITY);
        assertEquals(0.0, grade(q, nan, 50));
        assertFalse(NumericGrading.grade(q, Map.of(), 1).checks().get(0).correct());
        assertEquals("tolerancePercent", assertThrows(InvalidInputException.class,
                () -> NumericGrading.grade(q, Map.of(), -1)).field());
        assertEquals("tolerancePercent", assertThrows(InvalidInputException.class,
                () -> NumericGrading.grade(q, Map.of(), Double.NaN)).field());
        assertEquals("template", assertThrows(InvalidInputException.class,
                () -> NumericTemplate.of("<script>")).field());
    }

    @Test
    void theBankHasEveryTemplateAndChoiceItemsWithOneRightOption() {
        assertEquals(6, QuestionBank.numeric().size());
        assertTrue(QuestionBank.choices().size() >= 8);
        Set<String> ids = new HashSet<>();
        QuestionBank.choices().forEach(item -> {
            assertTrue(ids.add(item.id()), "ids are unique: " + item.id());
            assertTrue(item.isCorrect(item.correct()));
            assertFalse(item.isCorrect((item.correct() + 1) % item.options().size()));
        });
    }

    private static double grade(NumericQuestion q, Map<String, Double> answers, double tolerancePercent) {
        return NumericGrading.grade(q, answers, tolerancePercent).fraction();
    }

    private static double[] numbers(String text) {
        Matcher m = NUMBER.matcher(text.replace('−', '-'));
        java.util.List<Double> found = new java.util.ArrayList<>();
        while (m.find()) {
            found.add(Double.parseDouble(m.group()));
        }
        return found.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
