package io.quantlab.web.mixed;

import io.javalin.http.Context;
import io.quantlab.experiment.Experiment;
import io.quantlab.experiment.ExperimentConfig;
import io.quantlab.experiment.ExperimentService;
import io.quantlab.experiment.MixedPrecisionMetrics;
import io.quantlab.web.Auth;
import io.quantlab.web.ExperimentStatusView;
import io.quantlab.web.PageJson;
import io.quantlab.web.Views;
import io.quantlab.web.qat.QatResultView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The page of a mixed-precision experiment: its live status and loss curve, then the widths it chose and what they cost. */
public final class MixedPrecisionPages {
    private final ExperimentService experiments;

    public MixedPrecisionPages(ExperimentService experiments) {
        this.experiments = experiments;
    }

    public void show(Context ctx, Experiment e, ExperimentStatusView status) {
        ExperimentConfig.MixedPrecision config = (ExperimentConfig.MixedPrecision) e.config();
        Experiment parent = experiments.visible(Auth.user(ctx), e.parentId()).orElse(null);
        MixedPrecisionMetrics m = e.metrics(MixedPrecisionMetrics.class);
        List<MixedPrecisionResultView.LayerRow> rows = m == null ? null : MixedPrecisionResultView.rows(m);
        Views.render(ctx, "mixed/result.jte", new MixedPrecisionResultView(Views.page(ctx, "Experiment #" + e.id(),
                "experiments"), e, config, parent, status, m, rows, m == null ? null : PageJson.of(charts(m, rows))));
    }

    /** Bits and size share per layer; accuracy of FP32, before and after fine-tuning. */
    private static Map<String, Object> charts(MixedPrecisionMetrics m, List<MixedPrecisionResultView.LayerRow> rows) {
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("layers", rows.stream().map(MixedPrecisionResultView.LayerRow::name).toList());
        chart.put("bits", rows.stream().map(MixedPrecisionResultView.LayerRow::bits).toList());
        chart.put("sizeShare", rows.stream().map(MixedPrecisionResultView.LayerRow::sizeShare).toList());
        chart.put("accuracyLabels", List.of("FP32", "before fine-tuning", "after fine-tuning"));
        chart.put("accuracy", List.of(m.fineTuned().quantized().fp32Accuracy(), m.accuracyBeforeFineTuning(),
                QatResultView.compared(m.fineTuned().quantized())));
        return chart;
    }
}
