package io.quantlab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.account.Role;
import io.quantlab.account.UserStore;
import io.quantlab.jobs.JobAttempt;
import io.quantlab.jobs.JobProgress;
import io.quantlab.jobs.JobTable;
import io.quantlab.jobs.ProgressStore;
import io.quantlab.store.Database;
import io.quantlab.train.TrainConfig;
import io.quantlab.train.TrainProgress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the loss curve gets to draw: the recorder keeps training steps by count, not only by time,
 * so a training that ends within a few seconds still has a curve. The clock stands still here.
 */
class ProgressRecorderTest {
    private static final Clock STILL = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private Database db;
    private ProgressStore progress;
    private long experimentId;

    @BeforeEach
    void openDatabase() throws IOException {
        db = Database.open("jdbc:h2:file:" + Files.createTempDirectory("quantlab-progress").resolve("quantlab"), "sa",
                "", Path.of("migrations"));
        long owner = db.transaction(tx -> new UserStore(db).insert(tx, "ada@example.org", "Ada", "x", Role.STUDENT));
        ExperimentStore experiments = new ExperimentStore(db);
        experimentId = db.transaction(tx -> experiments.insertQueued(tx, owner, new ExperimentConfig.Training(TrainConfig.defaults("synthetic", "mlp"))));
        progress = new ProgressStore(db);
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    @Test
    void aShortTrainingKeepsEveryStepOfItsLossCurve() {
        List<JobProgress> steps = train(170);
        assertEquals(170, steps.size(), "one point per step");
        assertEquals(1, steps.get(0).step());
        assertEquals(170, steps.get(steps.size() - 1).step());
    }

    @Test
    void aLongTrainingKeepsAboutTwoHundredEvenlySpacedSteps() {
        List<JobProgress> steps = train(3 * 938);
        assertTrue(steps.size() >= 180 && steps.size() <= ProgressRecorder.CURVE_POINTS + 2, steps.size() + " points");
        assertEquals(3 * 938, steps.get(steps.size() - 1).step(), "the last step is drawn");
        for (int i = 2; i < steps.size() - 1; i++) { // the first is step 1, where the phase began
            assertEquals(15, steps.get(i).step() - steps.get(i - 1).step(), "every 15th step");
        }
    }

    /** Reports {@code total} training steps and returns the training rows stored for the curve. */
    private List<JobProgress> train(int total) {
        JobTable jobs = new ExperimentStore(db).jobs();
        JobAttempt attempt = jobs.claim(experimentId).orElseThrow();
        ProgressRecorder recorder = new ProgressRecorder(attempt, jobs, progress, () -> false, STILL,
                Duration.ofHours(1));
        recorder.progress(new TrainProgress(TrainProgress.LOADING, 1, 1, Double.NaN, Double.NaN));
        for (int step = 1; step <= total; step++) {
            recorder.progress(new TrainProgress(TrainProgress.TRAINING, step, total, 2.3 / step, 50));
        }
        return progress.history(experimentId).stream().filter(p -> p.phase().equals(TrainProgress.TRAINING)).toList();
    }
}
