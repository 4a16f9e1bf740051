package io.quantlab.ptq;

import io.quantlab.Json;
import io.quantlab.deploy.ModelQuantization;
import io.quantlab.deploy.WeightQuantization;
import io.quantlab.quant.PerChannelParams;
import io.quantlab.quant.QuantParams;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A quantization read back from the {@code quantization.json} a PTQ or QAT result stored ({@link QuantizationTable}). */
public final class StoredQuantization {

    private StoredQuantization() {}

    /** The grids of {@code json}: per layer its weight grid, per activation tensor its grid (none where none were stored). */
    public static ModelQuantization read(byte[] json) {
        QuantizationTable table = Json.read(new String(json, StandardCharsets.UTF_8), QuantizationTable.class);
        Map<String, WeightQuantization> weights = new LinkedHashMap<>();
        for (QuantizationTable.LayerGrid layer : table.layers()) {
            weights.put(layer.layer(), "per-channel".equals(layer.granularity())
                    ? WeightQuantization.of(PerChannelParams.of(layer.scales(), layer.zeroPoints(), layer.qmin(), layer.qmax()))
                    : WeightQuantization.of(new QuantParams(layer.scales()[0], layer.zeroPoints()[0], layer.qmin(),
                            layer.qmax())));
        }
        Map<String, QuantParams> activations = new LinkedHashMap<>();
        for (QuantizationTable.TensorGrid tensor : table.activations()) {
            activations.put(tensor.tensor(), new QuantParams(tensor.scale(), tensor.zeroPoint(), tensor.qmin(), tensor.qmax()));
        }
        return new ModelQuantization(PtqConfig.parseMode(table.mode()), table.foldBatchNorm(), weights, activations);
    }
}
