package io.quantlab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.ptq.PtqListener;
import io.quantlab.train.TrainListener;
import io.quantlab.train.TrainProgress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One bar over the whole sweep: phase i of n in the name, a step per pipeline phase and per training batch. */
class SweepProgressTest {
    private final List<TrainProgress> heard = new ArrayList<>();
    private boolean stop;
    private final TrainListener job = new TrainListener() {
        @Override
        public void progress(TrainProgress p) {
            heard.add(p);
        }

        @Override
        public boolean cancelRequested() {
            return stop;
        }
    };

    @Test
    void aWholeSweepOfOneWidthCountsEveryPhaseAndBatchOnce() {
        SweepProgress progress = new SweepProgress(job, 1, 10);
        assertEquals(2 + 5 + 2 * (1 + 4), progress.phases());
        assertEquals(2 + 5 + 2 * (10 + 4), progress.steps());
        PtqListener fp32 = progress.pipeline("FP32");
        fp32.phase("exporting");
        fp32.phase("measuring");
        PtqListener ptq = progress.pipeline("W8 PTQ");
        for (String phase : List.of("calibrating", "converting", "exporting", "evaluating", "measuring")) {
            ptq.phase(phase);
        }
        for (String point : List.of("W8 QAT", "W8 custom")) {
            TrainListener training = progress.training(point, 10);
            training.progress(new TrainProgress(TrainProgress.LOADING, 1, 1, Double.NaN, Double.NaN));
            for (int step = 1; step <= 10; step++) {
                training.progress(new TrainProgress(TrainProgress.TRAINING, step, 10, 0.5, 80));
            }
            PtqListener evaluation = progress.pipeline(point);
            for (String phase : List.of("converting", "exporting", "evaluating", "measuring")) {
                evaluation.phase(phase);
            }
        }
        assertEquals("FP32: exporting (1/17)", heard.get(0).phase());
        assertEquals(0, heard.get(0).step());
        TrainProgress lastBatch = heard.stream().filter(p -> p.phase().equals("W8 custom: training (13/17)"))
                .reduce((a, b) -> b).orElseThrow();
        assertEquals(2 + 5 + 10 + 4 + 10, lastBatch.step(), "the batches of both fine-tunings counted");
        assertEquals(0.5, lastBatch.loss());
        TrainProgress last = heard.get(heard.size() - 1);
        assertEquals("W8 custom: measuring (17/17)", last.phase());
        assertEquals(progress.steps() - 1, last.step(), "the last phase begun, not yet done");
        for (int i = 1; i < heard.size(); i++) {
            assertTrue(heard.get(i).step() >= heard.get(i - 1).step(), "the bar never goes back");
            assertTrue(heard.get(i).phase().length() <= 32, "fits job_progress.phase: " + heard.get(i).phase());
        }
    }

    @Test
    void everyPhaseAndBatchAsksTheJobWhetherToStop() {
        SweepProgress progress = new SweepProgress(job, 5, 1000);
        PtqListener pipeline = progress.pipeline("W8 custom");
        TrainListener training = progress.training("W8 custom", 1000);
        assertFalse(pipeline.stopRequested() || training.cancelRequested());
        stop = true;
        assertTrue(pipeline.stopRequested() && training.cancelRequested());
        pipeline.phase("converting");
        assertTrue(heard.get(heard.size() - 1).phase().length() <= 32, heard.get(heard.size() - 1).phase());
    }
}
