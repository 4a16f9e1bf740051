package io.quantlab.web.qat;

import io.quantlab.experiment.Experiment;
import io.quantlab.experiment.ExperimentConfig;
import io.quantlab.experiment.PtqMetrics;
import io.quantlab.experiment.QatMetrics;
import io.quantlab.ptq.PtqConfig;
import io.quantlab.qat.QatConfig;
import io.quantlab.web.ExperimentStatusView;
import io.quantlab.web.Page;
import io.quantlab.web.PageJson;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A QAT experiment's page; {@code parent} null when no longer visible, {@code metrics} and
 * {@code chartJson} null until done; {@code ptq} (with {@code ptqMetrics}) the user's PTQ of the
 * same parent at the same bits, null when there is none.
 */
public record QatResultView(Page page, Experiment experiment, ExperimentConfig.Qat config, Experiment parent,
        ExperimentStatusView status, QatMetrics metrics, Experiment ptq, PtqMetrics ptqMetrics, PageJson chartJson) {

    /** The fine-tuning loop's fields; the others describe the quantizer. */
    private static final Set<String> TRAINING_FIELDS = Set.of("epochs", "learningRate", "optimizer",
            "freezeObserversAfter", "freezeBatchNormAfter", "seed");

    /**
     * Whether a static PTQ can be started at the same settings: every layer at the same weight bits
     * (2 to 8) and quantized activations (2 to 8); not for binary, FP32 activations or chosen layers.
     */
    public boolean hasPtqCounterpart() {
        QatConfig q = config.qat();
        return q.layers().isEmpty() && q.layerBits().isEmpty() && q.quantizesActivations()
                && q.weightBits() >= PtqConfig.MIN_BITS && q.activationBits() >= PtqConfig.MIN_BITS;
    }

    /** The quantizer the job was composed of, field by field with the API's names and values (a range's own field only with it). */
    public Map<String, String> quantizer() {
        Map<String, String> parts = new LinkedHashMap<>();
        QatConfig q = config.qat();
        q.fields().forEach((field, value) -> {
            boolean unread = field.equals("clipRatio") && q.range() != QatConfig.Range.CLIP_RATIO
                    || field.equals("percentile") && q.range() != QatConfig.Range.PERCENTILE;
            if (!TRAINING_FIELDS.contains(field) && !unread) {
                parts.put(field, String.valueOf(value));
            }
        });
        return parts;
    }

    /** The accuracy a quantized model is judged by: deployed when it was, else simulated. */
    public static double compared(PtqMetrics m) {
        return m.deployed() ? m.deployedAccuracy() : m.testAccuracy();
    }

    /** Its accuracy minus FP32's, in points. */
    public double delta(PtqMetrics m) {
        return compared(m) - metrics.quantized().fp32Accuracy();
    }
}
