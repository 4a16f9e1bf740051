package io.quantlab.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.InvalidInputException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BitPackingTest {

    @Test
    void packThenUnpackGivesBackEveryCodeAtEveryBitWidth() {
        Random random = new Random(3);
        for (int bits = 1; bits <= 16; bits++) {
            for (boolean signed : new boolean[] {false, true}) {
                QuantFormat format = new QuantFormat(bits, signed, QuantScheme.AFFINE, false);
                int[] q = new int[1001];
                for (int i = 0; i < q.length; i++) {
                    q[i] = format.qmin() + random.nextInt(format.levels());
                }
                byte[] packed = BitPacking.pack(q, format.qmin(), bits);
                assertEquals(BitPacking.packedBytes(q.length, bits), packed.length);
                assertArrayEquals(q, BitPacking.unpack(packed, q.length, format.qmin(), bits), format.toString());
            }
        }
    }

    @Test
    void packedSizeIsBitsTimesCountRoundedUpToWholeBytes() {
        assertEquals(500_000, BitPacking.packedBytes(1_000_000, 4));
        assertEquals(4, BitPacking.packedBytes(10, 3));
        assertEquals(2, BitPacking.packedBytes(9, 1));
        assertEquals(0, BitPacking.packedBytes(0, 8));
        assertEquals(28_000_000_000L, BitPacking.packedBytes(7_000_000_000L, 32), "a 7B model in FP32 is 28 GB");
    }

    @Test
    void tensorSizeAddsScalesAndOnlyTheZeroPointsThatAreStored() {
        TensorSize perChannelAffine = TensorSize.of(8 * 27, QuantFormat.quint8(), 8);
        assertEquals(216, perChannelAffine.valueBytes());
        assertEquals(8 * (4 + 1), perChannelAffine.parameterBytes());
        TensorSize symmetric = TensorSize.of(8 * 27, QuantFormat.qint8Symmetric(), 8);
        assertEquals(8 * 4, symmetric.parameterBytes(), "symmetric zero-points are implied");
        TensorSize fourBit = TensorSize.of(1_000_000, QuantFormat.of(4, QuantScheme.SYMMETRIC), 1);
        assertEquals(500_004, fourBit.totalBytes());
        assertTrue(fourBit.compressionRatio() > 7.99 && fourBit.compressionRatio() < 8);
    }

    @Test
    void codesThatDoNotFitAreRejected() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> BitPacking.pack(new int[] {0, 16}, 0, 4));
        assertTrue(e.getMessage().contains("allowed 0..15"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> BitPacking.packedBytes(10, 0));
    }
}
