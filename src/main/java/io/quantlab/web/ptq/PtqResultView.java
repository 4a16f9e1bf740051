package io.quantlab.web.ptq;

import io.quantlab.deploy.ModelQuantization;
import io.quantlab.experiment.Experiment;
import io.quantlab.experiment.ExperimentConfig;
import io.quantlab.experiment.PtqMetrics;
import io.quantlab.experiment.PtqReport;
import io.quantlab.ptq.PtqConfig;
import io.quantlab.web.ExperimentStatusView;
import io.quantlab.web.Page;
import io.quantlab.web.PageJson;
import java.util.ArrayList;
import java.util.List;

/**
 * A PTQ experiment's page. {@code parent} is null when the viewer can no longer see the FP32
 * training; {@code metrics} and {@code report} (calibration table, integer-kernel check) are null
 * until it is done.
 */
public record PtqResultView(Page page, Experiment experiment, ExperimentConfig.Ptq config, Experiment parent,
        ExperimentStatusView status, PtqMetrics metrics, PtqReport report, PageJson chartJson) {

    /** The accuracy to set against FP32: deployed where it ran in ONNX Runtime, else simulated. */
    public double comparedAccuracy() {
        return metrics.deployed() ? metrics.deployedAccuracy() : metrics.testAccuracy();
    }

    /**
     * The settings in a line: "static · W8A8 · per-channel symmetric weights · activations minmax ·
     * 10 calibration batches · BN folded · seed 0"; activations and calibration only where the mode
     * calibrates them (static).
     */
    public String settings() {
        PtqConfig p = config.ptq();
        List<String> parts = new ArrayList<>();
        boolean calibrated = p.mode() == ModelQuantization.Mode.STATIC;
        parts.add(PtqConfig.apiName(p.mode()));
        parts.add("W" + p.weightBits() + (calibrated ? "A" + p.activationBits() : ""));
        parts.add(PtqConfig.apiName(p.granularity()) + " " + PtqConfig.apiName(p.weightScheme()) + " weights");
        if (calibrated) {
            parts.add("activations " + PtqConfig.apiName(p.activationRange())
                    + (p.activationRange() == PtqConfig.ActivationRange.PERCENTILE ? " " + p.percentile() : ""));
            parts.add(p.calibrationBatches() + " calibration batches");
        }
        parts.add(p.foldBatchNorm() ? "BN folded" : "BN kept");
        parts.add("seed " + p.seed());
        return String.join(" · ", parts);
    }
}
