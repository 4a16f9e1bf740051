package io.quantlab.bench;

import io.quantlab.train.EpochStats;
import io.quantlab.train.TrainListener;
import io.quantlab.train.TrainProgress;
import java.util.ArrayList;
import java.util.List;

/** Every training step's loss, from the running mean of its epoch that the training loop reports. */
final class StepLosses implements TrainListener {
    final List<Double> losses = new ArrayList<>();
    private double runningMean;
    private long epochStartStep;
    private double lastEpochLoss = Double.NaN;

    @Override
    public void progress(TrainProgress p) {
        if (!TrainProgress.TRAINING.equals(p.phase())) {
            return;
        }
        long inEpoch = p.step() - epochStartStep; // steps count over the run, the mean over the epoch
        // an epoch's last batch may be smaller; weighting it as a full one is close enough here
        losses.add(p.loss() * inEpoch - runningMean * (inEpoch - 1));
        runningMean = p.loss();
    }

    @Override
    public boolean cancelRequested() {
        return false;
    }

    @Override
    public void epochDone(EpochStats stats) {
        lastEpochLoss = stats.trainLoss();
        epochStartStep = losses.size();
        runningMean = 0;
    }

    /** The last finished epoch's mean loss, as the loop reported it. */
    double lastEpochLoss() {
        return lastEpochLoss;
    }

    double meanOfFirst(int n) {
        return mean(losses.subList(0, Math.min(n, losses.size())));
    }

    double meanOfLast(int n) {
        return mean(losses.subList(Math.max(0, losses.size() - n), losses.size()));
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
