package io.quantlab.bench;

import io.quantlab.data.Dataset;
import io.quantlab.data.Datasets;
import io.quantlab.deploy.TrainedParameters;
import io.quantlab.model.ModelSpec;
import io.quantlab.qat.FineTunedGraph;
import io.quantlab.qat.QatConfig;
import io.quantlab.qat.QuantizationAwareTraining;
import io.quantlab.train.TrainConfig;
import io.quantlab.train.TrainResult;
import io.quantlab.train.Trainer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Does the start of QAT make the training loss jump? One parent, then its first fine-tuning epoch
 * three ways over the same batches in the same order (QatConfig's seed): no update at all (rate
 * 1e-7: the parent's own loss on each batch), FP32 fine-tuning with QatConfig's defaults (SGD
 * 0.001, momentum 0.9, cosine), and QAT with the same defaults, at W8A8 and W4A4. Prints the mean
 * loss of every 8 steps of the first epoch (the loop reports each epoch's running mean; these are
 * the steps' own). Skipped unless asked for:
 * <pre>
 * mvn -B -o test -Dtest='QatLossProfileBenchmark' -Dquantlab.bench=true
 * </pre>
 */
@Tag("bench")
@EnabledIfSystemProperty(named = "quantlab.bench", matches = "true")
class QatLossProfileBenchmark {

    private static final Datasets DATASETS = new Datasets();

    /** Lab 4's browser test: the MLP trained one epoch on 2,000 synthetic images with the form's defaults (Adam). */
    @Test
    void mlpOnTheSyntheticSet() {
        profile(new TrainConfig("synthetic", "mlp", 1, 64, 0.001, TrainConfig.ADAM, 0.9, 0, 2000, 0), Map.of());
    }

    /** The small CNN with BatchNorm, where the QAT step folds BN (ConvBn2d). */
    @Test
    void smallCnnOnFashionMnist() {
        TrainConfig parent = new TrainConfig("fashion-mnist", "small-cnn", 1, 64, 0.01, TrainConfig.SGD, 0.9, 0, 3200, 0);
        profile(parent, Map.of());
        profile(parent, Map.of("weightBits", 4, "activationBits", 4));
    }

    private static void profile(TrainConfig parentTraining, Map<String, Object> bits) {
        Dataset data = DATASETS.get(parentTraining.dataset());
        StepLosses parentSteps = new StepLosses();
        TrainResult trained = new Trainer(DATASETS).run(parentTraining, parentSteps);
        ModelSpec spec = Trainer.modelSpec(parentTraining, data);
        TrainedParameters parent = TrainedParameters.load(spec, trained.parameterBytes());
        String name = spec.name() + " on " + data.name() + " " + bits;
        print(name, "parent's own epoch (" + trained.testAccuracy() + " % on test)", parentSteps);

        QatConfig still = QatConfig.of(with(bits, "learningRate", 1e-7));
        print(name, "FP32, no update (lr 1e-7): the parent's loss on each batch", fp32(spec, parent, data,
                parentTraining, still));
        StepLosses quantized = new StepLosses();
        QuantizationAwareTraining.run(spec, parent, data, parentTraining, still, quantized);
        print(name, "QAT, no update (lr 1e-7)", quantized);
        if (bits.isEmpty()) {
            print(name, "FP32 fine-tuning, QatConfig's defaults", fp32(spec, parent, data, parentTraining,
                    QatConfig.defaults()));
        }
        StepLosses qat = new StepLosses();
        QuantizationAwareTraining.run(spec, parent, data, parentTraining, QatConfig.of(bits), qat);
        print(name, "QAT, QatConfig's defaults", qat);
    }

    private static StepLosses fp32(ModelSpec spec, TrainedParameters parent, Dataset data, TrainConfig parentTraining,
                                   QatConfig config) {
        StepLosses losses = new StepLosses();
        Trainer.fineTune(config.fineTuning(parentTraining), data, spec.name(), new FineTunedGraph(spec, parent), losses,
                (epochs, seconds) -> seconds);
        return losses;
    }

    private static Map<String, Object> with(Map<String, Object> fields, String key, Object value) {
        Map<String, Object> all = new HashMap<>(fields);
        all.put(key, value);
        return all;
    }

    private static void print(String name, String what, StepLosses losses) {
        StringBuilder means = new StringBuilder();
        List<Double> l = losses.losses;
        for (int i = 0; i < l.size(); i += 8) {
            means.append(String.format(Locale.ROOT, " %.3f",
                    l.subList(i, Math.min(l.size(), i + 8)).stream().mapToDouble(Double::doubleValue).average()
                            .orElse(Double.NaN)));
        }
        System.out.println("BENCH " + name + ", " + what + ": loss per 8 steps" + means);
    }
}
