package io.quantlab.sweep;

import io.quantlab.data.Dataset;
import io.quantlab.deploy.TrainedParameters;
import io.quantlab.model.ModelSpec;
import io.quantlab.ptq.Calibration;
import io.quantlab.ptq.PtqConfig;
import io.quantlab.ptq.PtqPipeline;
import io.quantlab.ptq.WeightHistogram;
import io.quantlab.qat.QatConfig;
import io.quantlab.qat.QuantizationAwareTraining;
import io.quantlab.train.TrainConfig;
import io.quantlab.train.TrainListener;
import java.util.ArrayList;
import java.util.List;

/**
 * Lab 5's sweep of one trained FP32 model: the parent exported and measured once, then at each
 * weight width PTQ static per-channel, plain QAT and the student's composed quantizer, each
 * evaluated on the whole test set by Lab 3's pipeline (deployed to ONNX Runtime at 8/8 bits,
 * simulated below), and the composed quantizer's weight histograms at each width.
 */
public final class BitWidthSweep {
    static final int FP32_PHASES = PtqPipeline.FP32_PHASES;
    static final int PTQ_PHASES = PtqPipeline.QUANTIZATION_PHASES;
    static final int EVALUATION_PHASES = PtqPipeline.EVALUATION_PHASES;

    /** The FP32 parent as measured, one point per method and width (widest first; PTQ, QAT, custom), the histograms. */
    public record Result(PtqPipeline.Fp32 fp32, List<SweepPoint> points, SweepReport report) {
        public Result {
            points = List.copyOf(points);
        }
    }

    private final ModelSpec spec;
    private final TrainedParameters parent;
    private final Dataset data;
    private final TrainConfig parentTraining;
    private final SweepConfig config;

    /** {@code parentTraining}: how the parent was trained, whose batch size, subset and augmentation the fine-tunings keep. */
    public BitWidthSweep(ModelSpec spec, TrainedParameters parent, Dataset data, TrainConfig parentTraining,
                         SweepConfig config) {
        this.spec = spec;
        this.parent = parent;
        this.data = data;
        this.parentTraining = parentTraining;
        this.config = config;
    }

    /**
     * @throws io.quantlab.ptq.PtqStoppedException or {@link io.quantlab.train.TrainingCancelledException}
     *     when {@code listener} asks to stop, between or inside phases
     */
    public Result run(TrainListener listener) {
        long trainingSteps = trainingSteps(config.composed(config.bits().get(0)));
        SweepProgress progress = new SweepProgress(listener, config.bits().size(), trainingSteps);
        PtqPipeline pipeline = new PtqPipeline(spec, parent, data);
        PtqPipeline.Fp32 fp32 = pipeline.fp32(progress.pipeline("FP32"));
        List<SweepPoint> points = new ArrayList<>();
        List<SweepReport.Width> histograms = new ArrayList<>();
        for (int bits : config.bits()) {
            long start = System.nanoTime();
            PtqPipeline.Result ptq = pipeline.quantize(config.ptq(bits), config.deploys(bits),
                    progress.pipeline("W" + bits + " PTQ"));
            points.add(SweepPoint.of(SweepPoint.PTQ, bits, ptq, seconds(start)));
            points.add(fineTuned(SweepPoint.QAT, bits, config.plainQat(bits), trainingSteps, progress).point());
            FineTuned custom = fineTuned(SweepPoint.CUSTOM, bits, config.composed(bits), trainingSteps, progress);
            points.add(custom.point());
            histograms.add(new SweepReport.Width(bits, WeightHistogram.ofQuantizedLayers(spec,
                    custom.trained().parameters(), custom.trained().quantization())));
        }
        return new Result(fp32, points, new SweepReport(histograms));
    }

    private record FineTuned(SweepPoint point, QuantizationAwareTraining.Result trained) {}

    /** QAT of the parent at {@code qat}'s widths, converted and evaluated as Lab 4's QAT job does. */
    private FineTuned fineTuned(String method, int bits, QatConfig qat, long trainingSteps, SweepProgress progress) {
        long start = System.nanoTime();
        String point = "W" + bits + " " + (method.equals(SweepPoint.CUSTOM) ? "custom" : "QAT");
        QuantizationAwareTraining.Result trained = QuantizationAwareTraining.run(spec, parent, data, parentTraining,
                qat, progress.training(point, trainingSteps));
        // QAT has no calibration step: its quantization is the trained observers' and weights' grids
        Calibration.Result converted = new Calibration.Result(trained.quantization(), List.of(), 0);
        PtqPipeline.Result result = new PtqPipeline(spec, trained.parameters(), data)
                .evaluate(qat.weightGrids(), converted, new PtqPipeline.EvaluationOptions(trained.binaryLayers(),
                        qat.deploys()), progress.pipeline(point));
        return new FineTuned(SweepPoint.of(method, bits, result, seconds(start)), trained);
    }

    /** The batches of one fine-tuning as the training loop counts them (no validation split when fine-tuning). */
    private long trainingSteps(QatConfig qat) {
        TrainConfig c = qat.fineTuning(parentTraining);
        long images = Math.min(c.trainSubset(), data.trainSize());
        long batch = Math.max(1, Math.min(c.batchSize(), images));
        return c.epochs() * ((images + batch - 1) / batch);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
