package io.quantlab.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.quantlab.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where ONNX Runtime spends a run, by operator type (QLinearConv, QGemm, Transpose, …): the
 * kernel times of its profiler, averaged over the runs, in microseconds. Tells what limits an
 * INT8 model that is not faster than FP32 (layout transposes, a float op left between
 * dequantize and quantize, the input's QuantizeLinear).
 */
public record OperatorProfile(Map<String, Double> microsPerRun, int runs) {

    /** Profiles {@code runs} runs on the first {@code count} of {@code images} (the first run includes warm-up). */
    public static OperatorProfile measure(byte[] onnx, float[] images, int count, int runs) {
        Path directory = null;
        try {
            directory = Files.createTempDirectory("quantlab-profile-");
            String trace;
            try (DeployedModel model = DeployedModel.load(onnx, directory.resolve("ort").toString())) {
                for (int run = 0; run < runs; run++) {
                    model.run(images, count);
                }
                trace = model.endProfiling();
            }
            return of(Json.MAPPER.readTree(Files.readString(Path.of(trace))), runs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteAll(directory);
        }
    }

    /** Sums the "Node" events named "…_kernel_time" of a Chrome-trace array by their {@code args.op_name}. */
    static OperatorProfile of(JsonNode trace, int runs) {
        Map<String, Double> micros = new TreeMap<>();
        for (JsonNode event : trace) {
            if ("Node".equals(event.path("cat").asText()) && event.path("name").asText().endsWith("_kernel_time")) {
                micros.merge(event.path("args").path("op_name").asText("?"), event.path("dur").asDouble() / runs,
                        Double::sum);
            }
        }
        Map<String, Double> slowestFirst = new LinkedHashMap<>();
        micros.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> slowestFirst.put(e.getKey(), e.getValue()));
        return new OperatorProfile(slowestFirst, runs);
    }

    private static void deleteAll(Path directory) {
        if (directory == null) {
            return;
        }
        try (var files = Files.list(directory)) {
            files.forEach(file -> file.toFile().delete());
        } catch (IOException ignored) {
            // a leftover file in the temp folder is harmless
        }
        directory.toFile().delete();
    }
}
