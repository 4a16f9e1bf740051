package io.quantlab.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * The reference values computed with PyTorch 1.13 and numpy (src/test/resources/fixtures/
 * torch-reference.json, a copy of shared/fixtures/ so CI sees it). Its "conventions" object says how
 * each case was computed.
 */
public final class TorchReference {
    /** Relative tolerance for scales and other float parameters. */
    static final double PARAM_TOLERANCE = 1e-6;

    private static final JsonNode ROOT = load();

    private TorchReference() {
    }

    /** Cases whose op is exactly {@code op}, in file order. */
    public static List<JsonNode> casesOf(String op) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode c : ROOT.get("cases")) {
            if (c.get("op").asText().equals(op)) {
                out.add(c);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no fixture case with op " + op);
        }
        return out;
    }

    static JsonNode caseWithId(String id) {
        for (JsonNode c : ROOT.get("cases")) {
            if (c.get("id").asText().equals(id)) {
                return c;
            }
        }
        throw new IllegalStateException("no fixture case " + id);
    }

    static List<String> allOps() {
        List<String> out = new ArrayList<>();
        ROOT.get("cases").forEach(c -> out.add(c.get("op").asText()));
        return out;
    }

    static int caseCount() {
        return ROOT.get("cases").size();
    }

    /** float32 values are stored as the exact double of the float: parse as double, cast to float. */
    public static float[] floats(JsonNode tensorOrArray) {
        JsonNode values = tensorOrArray.has("values") ? tensorOrArray.get("values") : tensorOrArray;
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) values.get(i).asDouble();
        }
        return out;
    }

    static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    public static int[] ints(JsonNode tensorOrArray) {
        JsonNode values = tensorOrArray.has("values") ? tensorOrArray.get("values") : tensorOrArray;
        int[] out = new int[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).asInt();
        }
        return out;
    }

    public static int[] shape(JsonNode tensor) {
        return ints(tensor.get("shape"));
    }

    static float f32(JsonNode number) {
        return (float) number.asDouble();
    }

    /** One dynamic test per fixture case of {@code op}, named by the case id. */
    public static Stream<DynamicTest> each(String op, Consumer<JsonNode> check) {
        return casesOf(op).stream().map(c -> dynamicTest(c.get("id").asText(), () -> check.accept(c)));
    }

    /** dtype + qscheme + reduce_range + custom quant range of a PyTorch observer, as our format. */
    static QuantFormat formatOf(JsonNode params) {
        boolean signed = params.get("dtype").asText().equals("qint8");
        QuantScheme scheme = params.get("qscheme").asText().contains("symmetric") ? QuantScheme.SYMMETRIC : QuantScheme.AFFINE;
        int bits = 8;
        if (!params.get("quant_min").isNull()) {
            int levels = params.get("quant_max").asInt() - params.get("quant_min").asInt() + 1;
            bits = Integer.numberOfTrailingZeros(levels);
        }
        QuantFormat format = new QuantFormat(bits, signed, scheme, params.get("reduce_range").asBoolean());
        assertEquals(params.get("effective_quant_min").asInt(), format.qmin(), "qmin");
        assertEquals(params.get("effective_quant_max").asInt(), format.qmax(), "qmax");
        return format;
    }

    static void assertParams(JsonNode expectedScale, int expectedZeroPoint, QuantParams actual) {
        float scale = f32(expectedScale);
        assertEquals(scale, actual.scale(), scale * PARAM_TOLERANCE, "scale");
        assertEquals(expectedZeroPoint, actual.zeroPoint(), "zero point");
    }

    static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, Math.max(Math.abs(expected) * PARAM_TOLERANCE, 1e-9), what);
    }

    static float[] ones(int n) {
        float[] out = new float[n];
        Arrays.fill(out, 1f);
        return out;
    }

    static double sum(float[] values) {
        double total = 0;
        for (float v : values) {
            total += v;
        }
        return total;
    }

    private static JsonNode load() {
        try (InputStream in = TorchReference.class.getResourceAsStream("/fixtures/torch-reference.json")) {
            if (in == null) {
                throw new IllegalStateException("fixtures/torch-reference.json is not on the test classpath");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
