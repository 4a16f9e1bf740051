package io.quantlab.web.qat;

import io.javalin.http.Context;
import io.quantlab.experiment.Experiment;
import io.quantlab.experiment.ExperimentConfig;
import io.quantlab.experiment.ExperimentService;
import io.quantlab.experiment.QatMetrics;
import io.quantlab.web.Auth;
import io.quantlab.web.ExperimentStatusView;
import io.quantlab.web.Views;

/** The page of a QAT experiment: its live status and, once done, the result beside its FP32 parent. */
public final class QatPages {
    private final ExperimentService experiments;

    public QatPages(ExperimentService experiments) {
        this.experiments = experiments;
    }

    public void show(Context ctx, Experiment e, ExperimentStatusView status) {
        Experiment parent = experiments.visible(Auth.user(ctx), e.parentId()).orElse(null);
        Views.render(ctx, "qat/result.jte", new QatResultView(Views.page(ctx, "Experiment #" + e.id(), "experiments"),
                e, (ExperimentConfig.Qat) e.config(), parent, status, e.metrics(QatMetrics.class)));
    }
}
