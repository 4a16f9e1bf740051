package io.quantlab.experiment;

import io.quantlab.InvalidInputException;
import io.quantlab.JsonFields;
import io.quantlab.deploy.ModelQuantization;
import io.quantlab.mixed.MixedPrecisionConfig;
import io.quantlab.ptq.PtqConfig;
import io.quantlab.qat.QatConfig;
import io.quantlab.sweep.SweepConfig;
import io.quantlab.sweep.SweepPoint;
import io.quantlab.train.TrainConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What an experiment was asked to do, one record per {@link ExperimentKind}. Every kind names the
 * data set and model it is about (a quantization, those of its parent training), so lists and
 * leaderboards serve every kind alike.
 */
public sealed interface ExperimentConfig {

    ExperimentKind kind();

    String dataset();

    String model();

    /** The configuration as the API shows it and the database stores it. */
    Object json();

    /** A few words for lists: "3 epochs", "PTQ static W8A8 per-channel of #7". */
    String summary();

    /** What the leaderboard compares of a finished experiment of this kind, given its metrics. */
    List<ExperimentResult> results(ExperimentMetrics metrics);

    /** A training: its {@link TrainConfig}, shown and stored as it is. */
    record Training(TrainConfig train) implements ExperimentConfig {
        public ExperimentKind kind() {
            return ExperimentKind.TRAIN;
        }

        public String dataset() {
            return train.dataset();
        }

        public String model() {
            return train.model();
        }

        public Object json() {
            return train;
        }

        public String summary() {
            return train.epochs() + (train.epochs() == 1 ? " epoch" : " epochs");
        }

        public List<ExperimentResult> results(ExperimentMetrics metrics) {
            TrainMetrics m = (TrainMetrics) metrics;
            return List.of(new ExperimentResult(ExperimentResult.FP32, "32", null, m.testAccuracy(), false, null,
                    m.latencyMsBatch64(), ExperimentResult.PYTORCH, null, m.sizeBytes(), null));
        }
    }

    /** A post-training quantization of training {@code parent} with one setting. */
    record Ptq(long parent, String dataset, String model, PtqConfig ptq) implements ExperimentConfig {
        public ExperimentKind kind() {
            return ExperimentKind.PTQ;
        }

        public Object json() {
            Map<String, Object> fields = parentFields(parent, dataset, model);
            fields.putAll(ptq.fields());
            return fields;
        }

        public String summary() {
            return "PTQ " + PtqConfig.apiName(ptq.mode()) + " " + bits() + " " + PtqConfig.apiName(ptq.granularity())
                    + " of #" + parent;
        }

        /** Static quantizes activations ahead of time: "W8A8"; dynamic and weight-only name the weights: "W8". */
        String bits() {
            return ptq.mode() == ModelQuantization.Mode.STATIC ? "W" + ptq.weightBits() + "A" + ptq.activationBits()
                    : "W" + ptq.weightBits();
        }

        /** "PTQ static per-channel", "PTQ static per-tensor", "PTQ dynamic", "PTQ weight-only". */
        String method() {
            String mode = "PTQ " + PtqConfig.apiName(ptq.mode());
            return ptq.mode() == ModelQuantization.Mode.STATIC ? mode + " " + PtqConfig.apiName(ptq.granularity()) : mode;
        }

        public List<ExperimentResult> results(ExperimentMetrics metrics) {
            return List.of(ExperimentResult.of(method(), bits(), (PtqMetrics) metrics));
        }

        static Ptq of(Map<String, ?> stored) {
            return new Ptq(((Number) stored.get("parent")).longValue(), (String) stored.get("dataset"),
                    (String) stored.get("model"), PtqConfig.of(stored));
        }
    }

    /**
     * The four variants of the course's notebook on training {@code parent}: per tensor and per
     * channel, BatchNorm folded and not, each static W8A8 min-max on {@code calibrationBatches}.
     */
    record PtqVariants(long parent, String dataset, String model, int calibrationBatches) implements ExperimentConfig {
        public PtqVariants {
            if (calibrationBatches < 1 || calibrationBatches > PtqConfig.MAX_CALIBRATION_BATCHES) {
                throw new InvalidInputException("calibrationBatches", "calibrationBatches must be between 1 and "
                        + PtqConfig.MAX_CALIBRATION_BATCHES + ", got " + calibrationBatches);
            }
        }

        public ExperimentKind kind() {
            return ExperimentKind.PTQ_VARIANTS;
        }

        public Object json() {
            Map<String, Object> fields = parentFields(parent, dataset, model);
            fields.put("calibrationBatches", calibrationBatches);
            return fields;
        }

        public String summary() {
            return "PTQ variants of #" + parent;
        }

        /**
         * One result per variant, each static W8A8 min-max; its method is that of a single PTQ with
         * the variant's granularity, so the board compares the two alike.
         */
        public List<ExperimentResult> results(ExperimentMetrics metrics) {
            return ((PtqVariantsMetrics) metrics).variants().stream()
                    .map(v -> ExperimentResult.of(variantMethod(v.variant()), "W8A8", v)).toList();
        }

        /** A variant's name carries its granularity ("per-tensor, BN folded"). */
        static String variantMethod(String variant) {
            for (PtqConfig.Granularity g : PtqConfig.Granularity.values()) {
                if (variant != null && variant.contains(PtqConfig.apiName(g))) {
                    return "PTQ static " + PtqConfig.apiName(g);
                }
            }
            return "PTQ static";
        }

        static PtqVariants of(Map<String, ?> stored) {
            return new PtqVariants(((Number) stored.get("parent")).longValue(), (String) stored.get("dataset"),
                    (String) stored.get("model"), ((Number) stored.get("calibrationBatches")).intValue());
        }
    }

    /** A quantization-aware fine-tuning of training {@code parent}. */
    record Qat(long parent, String dataset, String model, QatConfig qat) implements ExperimentConfig {
        public ExperimentKind kind() {
            return ExperimentKind.QAT;
        }

        public Object json() {
            Map<String, Object> fields = parentFields(parent, dataset, model);
            fields.putAll(qat.fields());
            return fields;
        }

        public String summary() {
            return "QAT " + bits() + " " + PtqConfig.apiName(qat.granularity()) + ", " + qat.epochs()
                    + (qat.epochs() == 1 ? " epoch" : " epochs") + " of #" + parent;
        }

        String bits() {
            return "W" + qat.weightBits() + "A" + qat.activationBits();
        }

        /** Method "QAT" with its bits, deployed at 8 bits and simulated below, as a PTQ result. */
        public List<ExperimentResult> results(ExperimentMetrics metrics) {
            return List.of(ExperimentResult.of("QAT", bits(), ((QatMetrics) metrics).quantized()));
        }

        static Qat of(Map<String, ?> stored) {
            return new Qat(((Number) stored.get("parent")).longValue(), (String) stored.get("dataset"),
                    (String) stored.get("model"), QatConfig.of(stored));
        }
    }

    /** A sweep of training {@code parent} over weight widths: PTQ, plain QAT and the composed quantizer at each. */
    record Sweep(long parent, String dataset, String model, SweepConfig sweep) implements ExperimentConfig {
        public ExperimentKind kind() {
            return ExperimentKind.SWEEP;
        }

        public Object json() {
            Map<String, Object> fields = parentFields(parent, dataset, model);
            fields.putAll(sweep.fields());
            return fields;
        }

        public String summary() {
            QatConfig q = sweep.quantizer();
            return "sweep W" + sweep.bits().stream().map(String::valueOf).collect(Collectors.joining("/"))
                    + (q.quantizesActivations() ? "A" + q.activationBits() : "") + ", " + customMethod() + ", of #"
                    + parent;
        }

        /**
         * A point's method as the board names a single PTQ or QAT: "PTQ static per-channel" ("PTQ weight-only"
         * with FP32 activations), "QAT" or {@link #customMethod()}.
         */
        public String methodName(String pointMethod) {
            return switch (pointMethod) {
                case SweepPoint.PTQ -> sweep.quantizer().quantizesActivations() ? "PTQ static per-channel"
                        : "PTQ weight-only";
                case SweepPoint.QAT -> "QAT";
                default -> customMethod();
            };
        }

        /** "custom ste", "custom lsq/pact": the composed quantizer by its weights' and (when they differ) activations' quantizers. */
        public String customMethod() {
            QatConfig q = sweep.quantizer();
            String weights = JsonFields.apiName(q.weightQuantizer());
            String activations = JsonFields.apiName(q.activationQuantizer());
            return "custom " + (weights.equals(activations) ? weights : weights + "/" + activations);
        }

        /** One result per point, named as the board names a single PTQ or QAT, and the composed quantizer by its parts. */
        public List<ExperimentResult> results(ExperimentMetrics metrics) {
            SweepMetrics m = (SweepMetrics) metrics;
            return m.points().stream().map(p -> new ExperimentResult(methodName(p.method()), sweep.bitsName(p.bits()), null, p.comparedAccuracy(), !p.deployed(), m.fp32Accuracy(),
                    p.latencyMsBatch64(), p.deployed() ? ExperimentResult.ONNX_RUNTIME : null, null, p.sizeBytes(),
                    m.fp32SizeBytes())).toList();
        }

        static Sweep of(Map<String, ?> stored) {
            return new Sweep(((Number) stored.get("parent")).longValue(), (String) stored.get("dataset"),
                    (String) stored.get("model"), SweepConfig.of(stored));
        }
    }

    /** A mixed-precision fine-tuning of training {@code parent}: per-layer weight widths searched for a size budget. */
    record MixedPrecision(long parent, String dataset, String model, MixedPrecisionConfig mixed)
            implements ExperimentConfig {
        public ExperimentKind kind() {
            return ExperimentKind.MIXED_PRECISION;
        }

        public Object json() {
            Map<String, Object> fields = parentFields(parent, dataset, model);
            fields.putAll(mixed.fields());
            return fields;
        }

        public String summary() {
            return "mixed precision W" + mixed.candidateBits().stream().map(String::valueOf)
                    .collect(Collectors.joining("/")) + "A" + mixed.qat().activationBits() + " in "
                    + mixed.sizeBudgetBytes() + " bytes, " + mixed.qat().epochs()
                    + (mixed.qat().epochs() == 1 ? " epoch" : " epochs") + " of #" + parent;
        }

        /** Method "mixed precision" with the widths it chose ("W8/4/2A8"), deployed only when all are 8 bits. */
        public List<ExperimentResult> results(ExperimentMetrics metrics) {
            MixedPrecisionMetrics m = (MixedPrecisionMetrics) metrics;
            return List.of(ExperimentResult.of("mixed precision", m.bits(), m.fineTuned().quantized()));
        }

        static MixedPrecision of(Map<String, ?> stored) {
            return new MixedPrecision(((Number) stored.get("parent")).longValue(), (String) stored.get("dataset"),
                    (String) stored.get("model"), MixedPrecisionConfig.of(stored));
        }
    }

    private static Map<String, Object> parentFields(long parent, String dataset, String model) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("parent", parent);
        fields.put("dataset", dataset);
        fields.put("model", model);
        return fields;
    }
}
