package io.quantlab.bench;

import io.quantlab.data.Dataset;
import io.quantlab.data.Datasets;
import io.quantlab.deploy.TrainedParameters;
import io.quantlab.model.BlockBuilder;
import io.quantlab.model.ModelSpec;
import io.quantlab.ptq.Calibration;
import io.quantlab.ptq.PtqConfig;
import io.quantlab.ptq.PtqListener;
import io.quantlab.ptq.PtqPipeline;
import io.quantlab.qat.QatConfig;
import io.quantlab.qat.QuantizationAwareTraining;
import io.quantlab.train.LearningRateSchedule;
import io.quantlab.train.TrainConfig;
import io.quantlab.train.TrainListener;
import io.quantlab.train.TrainResult;
import io.quantlab.train.Trainer;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Issue 13's targets on Fashion-MNIST, beside {@code bench/qat/reference.py} (PyTorch 1.13, same
 * models, same recipe): a parent trained {@code epochs} epochs (SGD 0.01, momentum 0.9, cosine,
 * batch 64, {@code subset} images), then PTQ and one QAT epoch per setting, each evaluated as the
 * qat job does ({@link PtqPipeline#evaluate}: simulated on the 10,000 test images, deployed in
 * ONNX Runtime where every layer is 8-bit, bit-packed size). Prints, asserts nothing. Skipped
 * unless asked for:
 * <pre>
 * mvn -B -o test -Dtest='QatTargetsBenchmark' -Dquantlab.bench=true \
 *     -Dquantlab.bench.subset=20000 -Dquantlab.bench.epochs=3
 * </pre>
 * Each line starts with BENCH and ends with the load average when it was printed.
 */
@Tag("bench")
@TestMethodOrder(MethodOrderer.MethodName.class) // the MLP (minutes) before the CNN
@EnabledIfSystemProperty(named = "quantlab.bench", matches = "true")
class QatTargetsBenchmark {

    private static final Datasets DATASETS = new Datasets();
    private static final int SUBSET = Integer.getInteger("quantlab.bench.subset", 20_000);
    private static final int EPOCHS = Integer.getInteger("quantlab.bench.epochs", 3);

    @Test
    void smallCnn() {
        Parent parent = Parent.train("small-cnn");
        PtqPipeline pipeline = new PtqPipeline(parent.spec, parent.parameters, parent.data);
        PtqPipeline.Fp32 fp32 = pipeline.fp32(PtqListener.NONE);
        print("small-cnn FP32 in ONNX Runtime %.2f%%, latency b64 %.2f ms, b1 %.3f ms (%d threads), file %d B",
                fp32.accuracy(), fp32.latencies().batch64().medianMs(), fp32.latencies().single().medianMs(),
                fp32.latencies().threads(), fp32.onnx().length);
        ptq(pipeline, "static W4A4", Map.of("weightBits", 4, "activationBits", 4));
        qat(parent, "W4A4 STE", Map.of("weightBits", 4, "activationBits", 4));
        qat(parent, "W4A4 LSQ", Map.of("weightBits", 4, "activationBits", 4, "weightQuantizer", "lsq",
                "activationQuantizer", "lsq"));
        Epoch fp32Epoch = fp32Epoch(parent);
        Epoch w8a8 = qat(parent, "W8A8 STE", Map.of());
        Epoch fp32Again = fp32Epoch(parent);
        print("epoch cost: QAT W8A8 / FP32 %.2f wall, %.2f CPU (the FP32 epochs before and after it, averaged)",
                w8a8.wall / mean(fp32Epoch.wall, fp32Again.wall), w8a8.cpu / mean(fp32Epoch.cpu, fp32Again.cpu));
    }

    /** Binary weights (1 bit + α per channel), weight-only 2-bit and issue 12's static W8A8 on the same parent. */
    @Test
    void smallCnnBinaryWeightOnlyAndInt8() {
        Parent parent = Parent.train("small-cnn");
        PtqPipeline pipeline = new PtqPipeline(parent.spec, parent.parameters, parent.data);
        qat(parent, "binary weights, FP32 activations", Map.of("weightQuantizer", "binary"));
        ptq(pipeline, "weight-only W2", Map.of("mode", "weight-only", "weightBits", 2));
        PtqPipeline.Fp32 fp32 = pipeline.fp32(PtqListener.NONE);
        print("small-cnn FP32 in ONNX Runtime %.2f%%, latency b64 %.2f ms, b1 %.3f ms (%d threads), file %d B",
                fp32.accuracy(), fp32.latencies().batch64().medianMs(), fp32.latencies().single().medianMs(),
                fp32.latencies().threads(), fp32.onnx().length);
        ptq(pipeline, "static W8A8 (issue 12's defaults)", Map.of());
    }

    /** LSQ against STE at W4A4 when the steps can move: SGD at 0.01 instead of QatConfig's 0.001. */
    @Test
    void smallCnnW4A4AtTenTimesTheRate() {
        Parent parent = Parent.train("small-cnn");
        qat(parent, "W4A4 LSQ, SGD 0.01", Map.of("weightBits", 4, "activationBits", 4, "learningRate", 0.01,
                "weightQuantizer", "lsq", "activationQuantizer", "lsq"));
        qat(parent, "W4A4 STE, SGD 0.01", Map.of("weightBits", 4, "activationBits", 4, "learningRate", 0.01));
    }

    @Test
    void mlp() {
        Parent parent = Parent.train("mlp");
        PtqPipeline pipeline = new PtqPipeline(parent.spec, parent.parameters, parent.data);
        ptq(pipeline, "static W2A8", Map.of("weightBits", 2));
        ptq(pipeline, "weight-only W2", Map.of("mode", "weight-only", "weightBits", 2));
        qat(parent, "W2A8 STE", Map.of("weightBits", 2));
        qat(parent, "W2, FP32 activations, STE", Map.of("weightBits", 2, "activationBits", 32));
    }

    /** A model trained for the run, its data and training settings. */
    private record Parent(ModelSpec spec, TrainedParameters parameters, Dataset data, TrainConfig training) {
        static Parent train(String model) {
            Dataset data = DATASETS.get("fashion-mnist");
            TrainConfig training = new TrainConfig("fashion-mnist", model, EPOCHS, 64, 0.01, TrainConfig.SGD, 0.9, 0,
                    SUBSET, 0, LearningRateSchedule.COSINE, TrainConfig.DEFAULT_STEP_EPOCHS,
                    TrainConfig.DEFAULT_STEP_GAMMA, 0, 0, false, Map.of(), TrainConfig.DEFAULT_EARLY_EXIT_THRESHOLD);
            StepLosses losses = new StepLosses();
            double cpu = processCpuSeconds();
            TrainResult trained = new Trainer(DATASETS).run(training, losses);
            print("%s FP32 trained %d epochs on %d images: %.2f%% in DJL; %.1f s (CPU %.1f s, training and test"
                            + " pass), last epoch's loss %.4f, its last 50 steps %.4f", model, EPOCHS,
                    Math.min(SUBSET, data.trainSize()), trained.testAccuracy(), trained.trainSeconds(),
                    processCpuSeconds() - cpu, losses.lastEpochLoss(), losses.meanOfLast(50));
            ModelSpec spec = Trainer.modelSpec(training, data);
            return new Parent(spec, TrainedParameters.load(spec, trained.parameterBytes()), data, training);
        }
    }

    private record Epoch(double wall, double cpu) {}

    private static void ptq(PtqPipeline pipeline, String name, Map<String, Object> fields) {
        PtqPipeline.Result r = pipeline.quantize(PtqConfig.of(fields), PtqListener.NONE);
        print("PTQ %s: simulated %.2f%%, deployed %s, packed model %d B (weights %d B)%s", name,
                r.simulatedAccuracy(), deployed(r), r.packedModelBytes(), r.packedWeightBytes(), latency(r));
    }

    /** One QAT run from the parent, evaluated as the qat job evaluates it. */
    private static Epoch qat(Parent parent, String name, Map<String, Object> fields) {
        QatConfig config = QatConfig.of(fields);
        StepLosses losses = new StepLosses();
        double cpu = processCpuSeconds();
        QuantizationAwareTraining.Result trained = QuantizationAwareTraining.run(parent.spec, parent.parameters,
                parent.data, parent.training, config, losses);
        double trainCpu = processCpuSeconds() - cpu;
        PtqPipeline.Result r = new PtqPipeline(parent.spec, trained.parameters(), parent.data).evaluate(
                config.weightGrids(), new Calibration.Result(trained.quantization(), List.of(), 0),
                new PtqPipeline.EvaluationOptions(trained.binaryLayers(), true), PtqListener.NONE);
        print("QAT %s, %d epoch: simulated %.2f%%, deployed %s, packed model %d B (weights %d B); epoch %.1f s"
                        + " (CPU %.1f s); loss first 50 steps %.4f, last 50 %.4f%s", name, config.epochs(),
                r.simulatedAccuracy(), deployed(r), r.packedModelBytes(), r.packedWeightBytes(), trained.trainSeconds(),
                trainCpu, losses.meanOfFirst(50), losses.meanOfLast(50), latency(r));
        return new Epoch(trained.trainSeconds(), trainCpu);
    }

    /** One FP32 epoch through the same loop with QAT's settings (a fresh model: the cost is the same). */
    private static Epoch fp32Epoch(Parent parent) {
        double cpu = processCpuSeconds();
        double wall = Trainer.fineTune(QatConfig.defaults().fineTuning(parent.training), parent.data,
                parent.spec.name(), BlockBuilder.build(parent.spec), TrainListener.NONE, (epochs, seconds) -> seconds);
        double used = processCpuSeconds() - cpu;
        print("FP32 epoch of the same loop: %.1f s (CPU %.1f s)", wall, used);
        return new Epoch(wall, used);
    }

    private static String deployed(PtqPipeline.Result r) {
        return r.deployed() == null ? "- (simulated only)" : String.format(Locale.ROOT, "%.2f%% (file %d B)",
                r.deployed().accuracy(), r.deployed().onnx().length);
    }

    private static String latency(PtqPipeline.Result r) {
        return r.deployed() == null ? "" : String.format(Locale.ROOT, "; deployed latency b64 %.2f ms, b1 %.3f ms",
                r.deployed().latencies().batch64().medianMs(), r.deployed().latencies().single().medianMs());
    }

    private static double mean(double a, double b) {
        return (a + b) / 2;
    }

    private static void print(String format, Object... args) {
        System.out.printf(Locale.ROOT, "BENCH " + format + " (load %.2f)%n", append(args,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    }

    private static Object[] append(Object[] args, Object last) {
        Object[] all = Arrays.copyOf(args, args.length + 1);
        all[args.length] = last;
        return all;
    }

    /** CPU seconds of every thread of this process so far: less moved by other processes' load than wall time. */
    private static double processCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }
}
