package io.quantlab.train;

/**
 * The learning rate of every optimizer step (counted from 0 over the whole run).
 * <ul>
 * <li>{@code constant}: the base rate throughout.</li>
 * <li>{@code cosine}, per step: base · ½(1 + cos(π·step / totalSteps)), from the base rate at the
 * first batch down towards 0 at the end of the last epoch (PyTorch's CosineAnnealingLR with
 * T_max = all steps, eta_min = 0, stepped after every batch; Loshchilov &amp; Hutter 2017, eq. 5
 * without restarts).</li>
 * <li>{@code step}, per epoch: base · gamma^⌊epoch / stepEpochs⌋ (PyTorch's StepLR stepped after
 * every epoch).</li>
 * </ul>
 */
public record LearningRateSchedule(String kind, double baseRate, long totalSteps, long stepsPerEpoch,
                                   int stepEpochs, double gamma) {

    public static final String CONSTANT = "constant";
    public static final String COSINE = "cosine";
    public static final String STEP = "step";

    /** The schedule of a validated config whose epochs each have {@code stepsPerEpoch} batches. */
    public static LearningRateSchedule of(TrainConfig c, long stepsPerEpoch) {
        return new LearningRateSchedule(c.schedule(), c.learningRate(), c.epochs() * stepsPerEpoch, stepsPerEpoch,
                c.stepEpochs(), c.stepGamma());
    }

    public double at(long step) {
        return switch (kind) {
            case CONSTANT -> baseRate;
            case COSINE -> baseRate * 0.5 * (1 + Math.cos(Math.PI * Math.min(step, totalSteps) / totalSteps));
            case STEP -> baseRate * Math.pow(gamma, (double) (step / stepsPerEpoch / stepEpochs));
            default -> throw new IllegalStateException("unknown schedule " + kind);
        };
    }
}
