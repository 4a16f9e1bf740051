package io.quantlab.web.ptq;

import io.quantlab.experiment.PtqReport;
import io.quantlab.ptq.LayerSensitivity;
import io.quantlab.ptq.PtqAnalysis;
import io.quantlab.ptq.WeightHistogram;
import io.quantlab.web.PageJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PTQ result page's layer-by-layer sections: {@code analysis} null for a result stored before
 * the job analysed its layers; {@code chartJson} the histograms and the sensitivity ranking for
 * ptq-analysis.js.
 */
public record PtqAnalysisView(PtqAnalysis analysis, PageJson chartJson) {

    public static PtqAnalysisView of(PtqReport report) {
        PtqAnalysis analysis = report == null ? null : report.analysis();
        return new PtqAnalysisView(analysis, analysis == null ? null : PageJson.of(charts(analysis)));
    }

    /** One accuracy-changing image in points: the sensitivity's resolution. */
    public double pointsPerImage() {
        return 100.0 / analysis.sensitivity().images();
    }

    /** The output SQNR in dB, or why there is none. */
    public static String decibels(Double db) {
        return db == null ? "no error (∞)" : String.format("%.1f dB", db);
    }

    private static Map<String, Object> charts(PtqAnalysis analysis) {
        List<Map<String, Object>> histograms = analysis.weightHistograms().stream().map(PtqAnalysisView::histogram)
                .toList();
        LayerSensitivity s = analysis.sensitivity();
        Map<String, Object> sensitivity = new LinkedHashMap<>();
        sensitivity.put("layers", s.layers().stream().map(LayerSensitivity.Layer::layer).toList());
        sensitivity.put("accuracyDrop", s.layers().stream().map(LayerSensitivity.Layer::accuracyDrop).toList());
        sensitivity.put("changedPredictions",
                s.layers().stream().map(LayerSensitivity.Layer::changedPredictions).toList());
        Map<String, Object> charts = new LinkedHashMap<>();
        charts.put("histograms", histograms);
        charts.put("sensitivity", sensitivity);
        return charts;
    }

    /** A layer's two histograms as weight-histogram.js draws them. */
    public static Map<String, Object> histogram(WeightHistogram h) {
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("layer", h.layer());
        chart.put("min", h.fp32().min());
        chart.put("max", h.fp32().max());
        chart.put("fp32", h.fp32().counts());
        chart.put("quantized", h.quantized().counts());
        return chart;
    }
}
