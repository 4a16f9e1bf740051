package io.quantlab.qat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.quantlab.deploy.StepWeights;
import io.quantlab.deploy.WeightQuantization;
import io.quantlab.ptq.PtqConfig;
import io.quantlab.quant.ChannelAxis;
import io.quantlab.quant.LearnableFakeQuant;
import io.quantlab.quant.PerChannelParams;
import io.quantlab.quant.QuantFormat;
import io.quantlab.quant.QuantParams;
import java.util.Arrays;

/**
 * LSQ on a weight (Esser et al. 2019): a learned step per tensor or per output channel, trained
 * with the model ({@link StraightThrough#learnedStep}), starting from the grid the STE quantizer
 * gives the weight it first sees (an asymmetric grid keeps that zero-point). The gradient scale
 * is g = 1/√(N·qmax), N the weights per step (section 2.2).
 */
final class LsqWeights implements WeightQuantizer {
    private final QatConfig config;
    private final QuantFormat format;
    private final Parameter step;
    private final int channels;
    private final boolean perChannel;
    private float[] zeroPoints;
    private NDArray zeroPointArray;

    LsqWeights(QatConfig config, String layer, int bits, int channels, int weightDimensions) {
        this.config = config;
        this.format = config.weightFormat(bits);
        this.perChannel = config.granularity() == PtqConfig.Granularity.PER_CHANNEL;
        this.channels = perChannel ? channels : 1;
        long[] dims = new long[weightDimensions];
        Arrays.fill(dims, 1);
        dims[0] = this.channels;
        this.step = Learned.parameter("lsqStep-" + layer, new Shape(dims));
    }

    @Override
    public Parameter parameter() {
        return step;
    }

    @Override
    public NDArray apply(NDArray weight, boolean training) {
        if (zeroPoints == null) {
            start(weight);
        }
        Learned.floor(step, Learned.MIN_STEP);
        NDArray scale = step.getArray();
        float g = LearnableFakeQuant.lsqGradFactor((int) (weight.size() / channels), format.qmax());
        return StraightThrough.learnedStep(weight, scale, zeroPointArray, format.qmin(), format.qmax(), g,
                config.roundsStochastically(training));
    }

    /**
     * The first step and the zero-points, from the weight first seen: the grid the STE quantizer
     * would use (the composition's range, per tensor or channel). Not the paper's 2·mean|w|/√Qp:
     * at 4 bits after a one-epoch fine-tuning that start is coarser than min-max and the steps,
     * their gradient scaled by 1/√(N·Qp), barely move in one epoch (bench/qat: LSQ 82.55 % against
     * STE's 82.90 %); from STE's grid, the learned steps can only improve on it.
     */
    private void start(NDArray weight) {
        float[] values = weight.toFloatArray();
        ChannelAxis axis = new ChannelAxis(channels, values.length / channels);
        float[] scales = new float[channels];
        zeroPoints = new float[channels];
        for (int c = 0; c < channels; c++) {
            QuantParams p = QuantParams.fromRange(config.range(axis.gather(values, c), format), format);
            scales[c] = Math.max(Learned.MIN_STEP, p.scale());
            zeroPoints[c] = p.zeroPoint();
        }
        Learned.start(step, scales);
        zeroPointArray = Learned.fixed(step, zeroPoints);
    }

    @Override
    public WeightQuantization grid(StepWeights folded) {
        float[] scales = step.getArray().toFloatArray();
        int[] zps = new int[channels];
        for (int c = 0; c < channels; c++) {
            scales[c] = Math.max(Learned.MIN_STEP, scales[c]);
            zps[c] = zeroPoints == null ? 0 : (int) zeroPoints[c];
        }
        return perChannel ? WeightQuantization.of(PerChannelParams.of(scales, zps, format.qmin(), format.qmax()))
                : WeightQuantization.of(new QuantParams(scales[0], zps[0], format.qmin(), format.qmax()));
    }
}
