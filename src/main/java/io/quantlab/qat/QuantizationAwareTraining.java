package io.quantlab.qat;

import io.quantlab.InvalidInputException;
import io.quantlab.data.Dataset;
import io.quantlab.deploy.ModelQuantization;
import io.quantlab.deploy.TrainedParameters;
import io.quantlab.model.ModelSpec;
import io.quantlab.torch.TorchThread;
import io.quantlab.train.EpochStats;
import io.quantlab.train.TrainConfig;
import io.quantlab.train.TrainListener;
import io.quantlab.train.TrainProgress;
import io.quantlab.train.Trainer;
import java.util.List;
import java.util.Set;

/**
 * Quantization-aware fine-tuning of a trained FP32 model (PyTorch's prepare_qat, train, convert):
 * the model with fake quantization where the INT8 graph quantizes ({@link QatNetwork}) is trained
 * by {@link Trainer}'s loop, observers and BatchNorm are frozen after the configured epochs, and
 * the result is what a PTQ calibration yields: FP32 parameters (BatchNorm unfolded, as trained;
 * binary layers' weights binarized) and a {@link ModelQuantization} with BatchNorm folded, ready
 * for {@code QdqExport} (when complete and 8-bit) and {@code FakeQuantizedNetwork}.
 *
 * <p>A fine-tuning whose loss, weights or activations turn NaN or infinite (a learning rate far
 * too high) fails with an {@link InvalidInputException} naming {@code learningRate}.
 */
public final class QuantizationAwareTraining {

    /**
     * The trained parameters, their quantization, the layers handed on as binary weights (no grid:
     * one bit and one α per output channel), the epochs' statistics and the training seconds.
     */
    public record Result(TrainedParameters parameters, ModelQuantization quantization, Set<String> binaryLayers,
                         List<EpochStats> epochs, double trainSeconds) {
        public Result {
            binaryLayers = Set.copyOf(binaryLayers);
            epochs = List.copyOf(epochs);
        }
    }

    private QuantizationAwareTraining() {}

    /**
     * Fine-tunes {@code parent} (trained on {@code data} with {@code parentTraining}, which gives
     * the batch size, subset and augmentation) as {@code config} says.
     *
     * @throws io.quantlab.InvalidInputException for a config out of range
     * @throws io.quantlab.train.TrainingCancelledException when the listener asks to stop
     */
    public static Result run(ModelSpec spec, TrainedParameters parent, Dataset data, TrainConfig parentTraining,
                             QatConfig config, TrainListener listener) {
        return run(new QatNetwork(spec, parent, config), data, parentTraining, config, listener);
    }

    static Result run(QatNetwork network, Dataset data, TrainConfig parentTraining, QatConfig config,
                      TrainListener listener) {
        TrainListener l = listener == null ? TrainListener.NONE : listener;
        return Trainer.fineTune(config.fineTuning(parentTraining), data, network.plan().spec().name() + "-qat",
                network, new Freezing(network, config, l), (epochs, seconds) -> TorchThread.call(() ->
                        new Result(network.binarized(), network.quantization(), network.binaryLayers(), epochs,
                                seconds)));
    }

    /** @throws InvalidInputException ({@code learningRate}) unless every value is finite */
    static void requireFinite(float[] values, String what) {
        for (float v : values) {
            requireFinite(v, what);
        }
    }

    /** @throws InvalidInputException ({@code learningRate}) unless {@code value} is finite */
    static void requireFinite(float value, String what) {
        if (!Float.isFinite(value)) {
            throw diverged(what);
        }
    }

    private static InvalidInputException diverged(String what) {
        return new InvalidInputException("learningRate", "The fine-tuning diverged: " + what + " became NaN or"
                + " infinite, so there is nothing to quantize. Start it again with a smaller learningRate"
                + " (0.001 is the default; 10 times smaller than the parent's training rate is a safe start).");
    }

    /** Freezes the observers and BatchNorm at the end of their epochs, before the listener hears of it. */
    private record Freezing(QatNetwork network, QatConfig config, TrainListener listener) implements TrainListener {
        @Override
        public void progress(TrainProgress p) {
            if (TrainProgress.TRAINING.equals(p.phase()) && !Double.isFinite(p.loss())) {
                throw diverged("the loss");
            }
            listener.progress(p);
        }

        @Override
        public boolean cancelRequested() {
            return listener.cancelRequested();
        }

        @Override
        public void epochDone(EpochStats stats) {
            TorchThread.run(() -> {
                if (stats.epoch() >= config.freezeObserversAfter() && !network.observersFrozen()) {
                    network.freezeObservers();
                }
                if (stats.epoch() >= config.freezeBatchNormAfter()) {
                    network.freezeBatchNorm();
                }
            });
            listener.epochDone(stats);
        }
    }
}
