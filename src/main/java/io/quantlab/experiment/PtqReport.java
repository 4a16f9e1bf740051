package io.quantlab.experiment;

import io.quantlab.ptq.PtqAnalysis;
import io.quantlab.ptq.QuantizationTable;
import java.util.List;
import java.util.Map;

/**
 * What a PTQ result's page shows beyond its metrics (its {@code ptq-report} artifact): the
 * calibration table (a row per quantized activation tensor; empty unless static), and for a
 * deployed model ONNX Runtime's optimized graph: whether every quantized op ran on an integer
 * kernel, the operators left computing in float on dequantized values, and the count of each
 * operator type ({@code integerKernels} null, the lists empty, when nothing was deployed); and the
 * per-layer {@code analysis} (null in reports stored before the job made one).
 */
public record PtqReport(List<QuantizationTable.TensorGrid> calibration, Boolean integerKernels, List<String> floatOps,
                        Map<String, Integer> opCounts, int threads, PtqAnalysis analysis) {

    public PtqReport {
        calibration = List.copyOf(calibration);
        floatOps = List.copyOf(floatOps);
        opCounts = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(opCounts));
    }
}
