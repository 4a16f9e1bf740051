package io.quantlab.web.ptq;

import io.quantlab.experiment.Experiment;
import io.quantlab.experiment.ExperimentConfig;
import io.quantlab.experiment.PtqMetrics;
import io.quantlab.experiment.PtqReport;
import io.quantlab.ptq.PtqConfig;
import io.quantlab.web.ExperimentStatusView;
import io.quantlab.web.Page;
import io.quantlab.web.PageJson;

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

    /** The settings in a line: "static · W8A8 · per-channel symmetric weights · activations minmax · …". */
    public String settings() {
        PtqConfig p = config.ptq();
        String range = PtqConfig.apiName(p.activationRange())
                + (p.activationRange() == PtqConfig.ActivationRange.PERCENTILE ? " " + p.percentile() : "");
        return String.join(" · ", PtqConfig.apiName(p.mode()), "W" + p.weightBits() + "A" + p.activationBits(),
                PtqConfig.apiName(p.granularity()) + " " + PtqConfig.apiName(p.weightScheme()) + " weights",
                "activations " + range, p.calibrationBatches() + " calibration batches",
                p.foldBatchNorm() ? "BN folded" : "BN kept", "seed " + p.seed());
    }
}
