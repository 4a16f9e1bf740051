package io.quantlab.web.sweep;

import io.javalin.http.Context;
import io.quantlab.experiment.Experiment;
import io.quantlab.experiment.ExperimentConfig;
import io.quantlab.experiment.ExperimentService;
import io.quantlab.experiment.SweepMetrics;
import io.quantlab.ptq.WeightHistogram;
import io.quantlab.sweep.SweepPoint;
import io.quantlab.sweep.SweepReport;
import io.quantlab.web.Auth;
import io.quantlab.web.ExperimentStatusView;
import io.quantlab.web.PageJson;
import io.quantlab.web.Views;
import io.quantlab.web.ptq.PtqAnalysisView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The page of a sweep: its live status, then every point, accuracy against bits, and the weight histograms. */
public final class SweepPages {
    private final ExperimentService experiments;

    public SweepPages(ExperimentService experiments) {
        this.experiments = experiments;
    }

    public void show(Context ctx, Experiment e, ExperimentStatusView status) {
        ExperimentConfig.Sweep config = (ExperimentConfig.Sweep) e.config();
        Experiment parent = experiments.visible(Auth.user(ctx), e.parentId()).orElse(null);
        SweepMetrics m = e.metrics(SweepMetrics.class);
        SweepReport report = m == null ? null : experiments.sweepReport(e).orElse(null);
        List<SweepReport.Width> widths = report == null ? List.of() : report.widths();
        List<String> layers = widths.isEmpty() ? List.of()
                : widths.get(0).layers().stream().map(WeightHistogram::layer).toList();
        Views.render(ctx, "sweep/result.jte", new SweepResultView(Views.page(ctx, "Experiment #" + e.id(), "experiments"),
                e, config, parent, status, m, m == null ? null : PageJson.of(charts(config, m, widths)), layers,
                widths.stream().map(SweepReport.Width::bits).toList()));
    }

    /** Simulated accuracy per method at each width (widest first), FP32's, and each width's histograms. */
    private static Map<String, Object> charts(ExperimentConfig.Sweep config, SweepMetrics m,
                                              List<SweepReport.Width> widths) {
        List<Integer> bits = config.sweep().bits();
        List<Map<String, Object>> methods = List.of(SweepPoint.PTQ, SweepPoint.QAT, SweepPoint.CUSTOM).stream()
                .map(method -> {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("method", method);
                    line.put("label", config.methodName(method));
                    line.put("accuracy", bits.stream().map(b -> m.points().stream()
                            .filter(p -> p.method().equals(method) && p.bits() == b)
                            .map(SweepPoint::accuracy).findFirst().orElse(null)).toList());
                    return line;
                }).toList();
        Map<String, Object> histograms = new LinkedHashMap<>();
        widths.forEach(w -> histograms.put(String.valueOf(w.bits()),
                w.layers().stream().map(PtqAnalysisView::histogram).toList()));
        Map<String, Object> charts = new LinkedHashMap<>();
        charts.put("bits", bits);
        charts.put("fp32", m.fp32Accuracy());
        charts.put("methods", methods);
        charts.put("histograms", histograms);
        return charts;
    }
}
