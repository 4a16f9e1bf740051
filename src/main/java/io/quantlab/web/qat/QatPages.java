package io.quantlab.web.qat;

import io.javalin.http.Context;
import io.quantlab.account.User;
import io.quantlab.deploy.ModelQuantization;
import io.quantlab.experiment.Experiment;
import io.quantlab.experiment.ExperimentConfig;
import io.quantlab.experiment.ExperimentService;
import io.quantlab.experiment.ExperimentStatus;
import io.quantlab.experiment.PtqMetrics;
import io.quantlab.experiment.QatMetrics;
import io.quantlab.qat.QatConfig;
import io.quantlab.web.Auth;
import io.quantlab.web.ExperimentStatusView;
import io.quantlab.web.PageJson;
import io.quantlab.web.Views;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The page of a QAT experiment: its live status and loss curve, then FP32 vs PTQ vs QAT at the same bits. */
public final class QatPages {
    private final ExperimentService experiments;

    public QatPages(ExperimentService experiments) {
        this.experiments = experiments;
    }

    public void show(Context ctx, Experiment e, ExperimentStatusView status) {
        User user = Auth.user(ctx);
        ExperimentConfig.Qat config = (ExperimentConfig.Qat) e.config();
        Experiment parent = experiments.visible(user, e.parentId()).orElse(null);
        QatMetrics m = e.metrics(QatMetrics.class);
        Experiment ptq = m == null ? null : samePtq(user, e, config).orElse(null);
        PtqMetrics ptqMetrics = ptq == null ? null : ptq.metrics(PtqMetrics.class);
        Views.render(ctx, "qat/result.jte", new QatResultView(Views.page(ctx, "Experiment #" + e.id(), "experiments"),
                e, config, parent, status, m, ptq, ptqMetrics, m == null ? null : PageJson.of(accuracyChart(m, ptqMetrics))));
    }

    /**
     * The QAT owner's latest finished static PTQ of the same parent at the same bits and weight
     * granularity (the owner's, not the viewer's: an instructor may be viewing a student's result).
     */
    private Optional<Experiment> samePtq(User viewer, Experiment qatResult, ExperimentConfig.Qat qat) {
        QatConfig q = qat.qat();
        return experiments.ownedBySameOwner(viewer, qatResult).stream()
                .filter(e -> e.status() == ExperimentStatus.DONE && e.config() instanceof ExperimentConfig.Ptq p
                        && p.parent() == qat.parent() && p.ptq().mode() == ModelQuantization.Mode.STATIC
                        && p.ptq().weightBits() == q.weightBits() && p.ptq().activationBits() == q.activationBits()
                        && p.ptq().granularity() == q.granularity())
                .findFirst();
    }

    /** Test accuracy of FP32, PTQ (null when there is none yet) and QAT; deployed where deployed, else simulated. */
    private static Map<String, Object> accuracyChart(QatMetrics m, PtqMetrics ptq) {
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("labels", Arrays.asList("FP32", "PTQ", "QAT"));
        chart.put("accuracy", Arrays.asList(m.quantized().fp32Accuracy(), ptq == null ? null : QatResultView.compared(ptq),
                QatResultView.compared(m.quantized())));
        return chart;
    }
}
