package io.quantlab.web.ptq;

import io.javalin.http.Context;
import io.quantlab.experiment.Experiment;
import io.quantlab.experiment.ExperimentConfig;
import io.quantlab.experiment.ExperimentService;
import io.quantlab.experiment.PtqMetrics;
import io.quantlab.experiment.PtqVariantsMetrics;
import io.quantlab.web.Auth;
import io.quantlab.web.ExperimentStatusView;
import io.quantlab.web.PageJson;
import io.quantlab.web.Views;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The page of a PTQ experiment and of a four-variant one, with the live status the experiment pages share. */
public final class PtqPages {
    private final ExperimentService experiments;

    public PtqPages(ExperimentService experiments) {
        this.experiments = experiments;
    }

    public void show(Context ctx, Experiment e, ExperimentStatusView status) {
        Experiment parent = e.parentId() == null ? null
                : experiments.visible(Auth.user(ctx), e.parentId()).orElse(null);
        var page = Views.page(ctx, "Experiment #" + e.id(), "experiments");
        if (e.config() instanceof ExperimentConfig.Ptq config) {
            PtqMetrics m = e.metrics(PtqMetrics.class);
            Views.render(ctx, "ptq/result.jte", new PtqResultView(page, e, config, parent, status, m,
                    m == null ? null : experiments.ptqReport(e).orElse(null), m == null ? null : PageJson.of(comparisonChart(m))));
        } else if (e.config() instanceof ExperimentConfig.PtqVariants config) {
            PtqVariantsMetrics m = e.metrics(PtqVariantsMetrics.class);
            Views.render(ctx, "ptq/variants.jte", new PtqVariantsView(page, e, config, parent, status, m,
                    m == null ? null : PageJson.of(variantsChart(m))));
        } else {
            throw new IllegalArgumentException("experiment #" + e.id() + " is not a quantization");
        }
    }

    /** Quantized beside FP32 per measure, in the measure's own unit; the page draws each relative to FP32. */
    private static Map<String, Object> comparisonChart(PtqMetrics m) {
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("labels", List.of("accuracy", "latency, batch of 64", "latency, one image", "size"));
        chart.put("units", List.of("%", "ms", "ms", "KB"));
        chart.put("fp32", List.of(m.fp32Accuracy(), m.fp32LatencyMsBatch64(), m.fp32LatencyMsSingle(),
                m.fp32SizeBytes() / 1024.0));
        chart.put("quantized", Arrays.asList(m.deployed() ? m.deployedAccuracy() : m.testAccuracy(),
                m.latencyMsBatch64(), m.latencyMsSingle(), m.sizeBytes() / 1024.0));
        return chart;
    }

    private static Map<String, Object> variantsChart(PtqVariantsMetrics m) {
        List<String> labels = new ArrayList<>(List.of("FP32"));
        List<Double> accuracy = new ArrayList<>(List.of(m.fp32().testAccuracy()));
        List<Double> size = new ArrayList<>(List.of(m.fp32().sizeBytes() / 1024.0));
        for (PtqMetrics v : m.variants()) {
            labels.add(v.variant());
            accuracy.add(v.deployed() ? v.deployedAccuracy() : v.testAccuracy());
            size.add(v.sizeBytes() / 1024.0);
        }
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("labels", labels);
        chart.put("accuracy", accuracy);
        chart.put("sizeKb", size);
        return chart;
    }
}
