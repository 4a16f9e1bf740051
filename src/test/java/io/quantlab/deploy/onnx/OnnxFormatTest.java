package io.quantlab.deploy.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class OnnxFormatTest {

    @Test
    void theReaderGetsBackTheWritersOperatorsAndOutputs() {
        OnnxGraph graph = new OnnxGraph("g");
        graph.input("x", OnnxTensor.FLOAT, OnnxGraph.BATCH, 3);
        String w = graph.constant(OnnxTensor.floats("w", new long[] {2, 3}, new float[6]));
        graph.node("Gemm", "fc", List.of("x", w), "y", OnnxAttribute.of("transB", 1));
        graph.node("Relu", "relu", List.of("y"), "z");
        graph.output("z", OnnxTensor.FLOAT, OnnxGraph.BATCH, 2);

        OnnxGraphReader.Graph read = OnnxGraphReader.read(OnnxModelWriter.write(graph));

        assertEquals(List.of(new OnnxGraphReader.Op("", "Gemm", "fc", List.of("x", "w"), List.of("y")),
                new OnnxGraphReader.Op("", "Relu", "relu", List.of("y"), List.of("z"))), read.ops());
        assertEquals(List.of("z"), read.outputs());
    }

    @Test
    void rawDataIsLittleEndianAndInt4PacksTheFirstValueInTheLowNibble() {
        assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3f}, OnnxTensor.floats("f", new long[] {1}, new float[] {1f}).raw());
        assertArrayEquals(new byte[] {1, 1, 0, 0}, OnnxTensor.int32("i", new long[] {1}, new int[] {257}).raw());
        assertArrayEquals(new byte[] {(byte) 0x81, 0x07}, OnnxTensor.int4("q", new long[] {3}, new int[] {1, -8, 7}).raw());
        assertArrayEquals(new byte[] {(byte) 0xff, 0x7f}, OnnxTensor.bytes("b", OnnxTensor.INT8, new long[] {2},
                new int[] {-1, 127}).raw());
        assertThrows(IllegalArgumentException.class, () -> OnnxTensor.int4("q", new long[] {1}, new int[] {8}));
        assertThrows(IllegalArgumentException.class,
                () -> OnnxTensor.bytes("b", OnnxTensor.UINT8, new long[] {1}, new int[] {-1}));
    }

    @Test
    void twoDifferentConstantsCannotShareAName() {
        OnnxGraph graph = new OnnxGraph("g");
        graph.constant(OnnxTensor.floats("c", new long[0], new float[] {1f}));
        graph.constant(OnnxTensor.floats("c", new long[0], new float[] {1f}));
        assertThrows(IllegalStateException.class,
                () -> graph.constant(OnnxTensor.floats("c", new long[0], new float[] {2f})));
    }
}
