package io.quantlab.discretize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class NumberFormatsTest {
    private final Map<String, NumberFormat> table = NumberFormat.table().stream()
            .collect(Collectors.toMap(NumberFormat::name, Function.identity()));

    @Test
    void tableHasTheLectureFormatsInOrder() {
        assertEquals(List.of("FP32", "FP16", "BF16", "INT8", "INT4"), NumberFormat.table().stream().map(NumberFormat::name).toList());
    }

    @Test
    void floatRangesAndStepsFollowTheirExponentAndMantissaBits() {
        assertEquals(Float.MAX_VALUE, table.get("FP32").max());
        assertEquals(65504, table.get("FP16").max());
        assertEquals(FloatBits.fromBf16(0x7F7F), table.get("BF16").max(), "BF16 max 0x7F7F ≈ 3.39e38");
        assertEquals(Math.ulp(1f), table.get("FP32").stepNearOne());
        assertEquals(0x1p-10, table.get("FP16").stepNearOne());
        assertEquals(0x1p-7, table.get("BF16").stepNearOne());
        assertEquals(Float.MIN_NORMAL, table.get("FP32").smallestNormal());
        assertEquals(0x1p-14, table.get("FP16").smallestNormal());
        assertEquals(-65504, table.get("FP16").min());
    }

    @Test
    void integersAndMemoryForAMillionValues() {
        assertEquals(-128, table.get("INT8").min());
        assertEquals(127, table.get("INT8").max());
        assertEquals(-8, table.get("INT4").min());
        assertEquals(7, table.get("INT4").max());
        assertEquals(4_000_000, table.get("FP32").bytesPerMillion());
        assertEquals(2_000_000, table.get("FP16").bytesPerMillion());
        assertEquals(2_000_000, table.get("BF16").bytesPerMillion());
        assertEquals(1_000_004, table.get("INT8").bytesPerMillion(), "plus one FP32 scale");
        assertEquals(500_004, table.get("INT4").bytesPerMillion(), "two values per byte, plus one scale");
        assertEquals(1, table.get("FP32").compression());
        assertEquals(2, table.get("BF16").compression());
        assertEquals(4, table.get("INT8").compression(), 1e-4);
        assertEquals(8, table.get("INT4").compression(), 1e-3);
        assertEquals(28, table.get("FP32").gigabytesFor7B(), 1e-9);
    }

    @Test
    void bitViewOfOne() {
        BitView one = BitView.of("1.0");
        assertEquals("0", one.fp32().sign());
        assertEquals("01111111", one.fp32().exponent());
        assertEquals("0".repeat(23), one.fp32().mantissa());
        assertEquals(127, one.fp32().exponentField());
        assertEquals("normal", one.fp32().kind());
        assertEquals("0 01111 0000000000", bits(one.fp16()));
        assertEquals("0 01111111 0000000", bits(one.bf16()));
        assertEquals(1.0, one.bf16().value());
        assertEquals("1", one.fp32().exact());
    }

    @Test
    void bitViewOfMinusTwoPointFive() {
        BitView v = BitView.of("-2.5");
        assertEquals("1 10000000 01000000000000000000000", bits(v.fp32()));
        assertEquals("1 10000 0100000000", bits(v.fp16()));
        assertEquals("1 10000000 0100000", bits(v.bf16()));
        assertEquals(-2.5, v.fp16().value());
        assertEquals(128, v.fp32().exponentField());
        assertTrue(v.fp32().formula().contains("2^1"), v.fp32().formula());
    }

    @Test
    void bitViewShowsRoundingSpecialsAndRefusesWords() {
        BitView tenth = BitView.of("0.1");
        assertEquals("0.100000001490116119384765625", tenth.fp32().exact());
        assertEquals(0.0999755859375, tenth.fp16().value());
        assertEquals(0.10009765625, tenth.bf16().value());
        assertEquals("infinity", BitView.of("70000").fp16().kind(), "beyond 65504 FP16 overflows");
        assertEquals(70144.0, BitView.of("70000").bf16().value(), "BF16 keeps the range, in steps of 512 there");
        assertEquals("subnormal", BitView.of("1e-40").fp32().kind());
        assertEquals("NaN", BitView.of("nan").fp16().kind());
        assertEquals("infinity", BitView.of("-inf").bf16().kind());
        assertTrue(BitView.of("-inf").bf16().negative());
        try {
            BitView.of("two");
            throw new AssertionError("accepted 'two'");
        } catch (io.quantlab.InvalidInputException e) {
            assertEquals("number", e.field());
        }
    }

    @Test
    void fp16RoundTripsEveryEncodingAndRoundsTiesToEven() {
        for (int h = 0; h < 0x10000; h++) {
            float f = FloatBits.fromFp16(h);
            if (!Float.isNaN(f)) {
                assertEquals(h, FloatBits.toFp16(f), "0x" + Integer.toHexString(h));
            }
            boolean finiteAndNotLast = (h & 0x7FFF) < 0x7BFF;
            if (finiteAndNotLast && !Float.isNaN(f)) {
                float next = FloatBits.fromFp16(h + 1);
                float middle = (f + next) / 2;
                int expected = (h & 1) == 0 ? h : h + 1;
                assertEquals(expected, FloatBits.toFp16(middle), "tie after 0x" + Integer.toHexString(h));
                assertEquals(h, FloatBits.toFp16(Math.nextDown(Math.abs(middle)) * Math.signum(f == 0 ? 1 : f)) & 0xFFFF
                        | (h & 0x8000), "below the tie after 0x" + Integer.toHexString(h));
            }
        }
        assertEquals(0x7C00, FloatBits.toFp16(65520f), "65520 rounds up to ∞");
        assertEquals(0x7BFF, FloatBits.toFp16(65519f));
        assertEquals(0x0000, FloatBits.toFp16(0x1p-25f), "half the smallest subnormal ties to 0");
        assertEquals(0x0001, FloatBits.toFp16(Math.nextUp(0x1p-25f)));
    }

    @Test
    void bf16RoundsToNearestEven() {
        assertEquals(0x3F80, FloatBits.toBf16(1f));
        assertEquals(0x3F80, FloatBits.toBf16(1f + 0x1p-8f), "tie to even stays");
        assertEquals(0x3F82, FloatBits.toBf16(1f + 3 * 0x1p-8f), "tie to even goes up");
        assertEquals(0x3F81, FloatBits.toBf16(1f + 0x1p-8f + 0x1p-20f));
        assertEquals(0x7F80, FloatBits.toBf16(Float.MAX_VALUE), "rounds past BF16's max to ∞");
    }

    private static String bits(FloatEncoding e) {
        return e.sign() + " " + e.exponent() + " " + e.mantissa();
    }
}
