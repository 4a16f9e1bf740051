package io.quantlab.experiment;

import io.quantlab.InvalidInputException;
import io.quantlab.account.User;
import io.quantlab.data.Datasets;
import io.quantlab.jobs.JobProgress;
import io.quantlab.jobs.JobQueue;
import io.quantlab.jobs.ProgressStore;
import io.quantlab.model.ModelZoo;
import io.quantlab.store.AuditLog;
import io.quantlab.store.Database;
import io.quantlab.train.TrainConfig;
import io.quantlab.train.TrainProgress;
import io.quantlab.train.TrainReport;
import java.util.List;
import java.util.Optional;

/** Starting, reading and cancelling experiments, with who may see what. */
public final class ExperimentService {
    private final Database db;
    private final ExperimentStore experiments;
    private final ProgressStore progress;
    private final JobQueue queue;
    private final Datasets datasets;
    private final int maxUnfinishedPerUser;

    public ExperimentService(Database db, ExperimentStore experiments, ProgressStore progress, JobQueue queue,
            Datasets datasets, int maxUnfinishedPerUser) {
        this.db = db;
        this.experiments = experiments;
        this.progress = progress;
        this.queue = queue;
        this.datasets = datasets;
        this.maxUnfinishedPerUser = maxUnfinishedPerUser;
    }

    /**
     * Checks the configuration (the training subset against the data set's size, read from its
     * headers or listing), records the experiment with the subset resolved to a number, and
     * queues its training; returns its id.
     */
    public long startTraining(User user, TrainConfig requested) {
        TrainConfig valid = requested.validated();
        TrainConfig config = valid.withTrainSubsetFor(datasets.trainingImages(valid.dataset()));
        checkModelOptions(config);
        long id = db.transaction(tx -> {
            if (experiments.lockOwnerAndCountUnfinished(tx, user.id()) >= maxUnfinishedPerUser) {
                throw new InvalidInputException(null, "you already have " + maxUnfinishedPerUser
                        + " experiments queued or running; wait for one to finish or cancel one");
            }
            long newId = experiments.insertQueued(tx, user.id(), new ExperimentConfig.Training(config));
            AuditLog.record(tx, user.id(), "experiment-queued", "#" + newId + " " + config);
            return newId;
        });
        try {
            queue.enqueue(JobQueue.EXPERIMENT, id);
        } catch (RuntimeException e) {
            experiments.jobs().failUnclaimed(id, "could not be queued: " + e.getMessage());
            throw e;
        }
        return id;
    }

    /**
     * Model options are checked now, so a typo is a 400 and not a failed job; the data set is not
     * loaded for this (it can be large), so shape checks against it wait for the job.
     */
    private static void checkModelOptions(TrainConfig config) {
        try {
            ModelZoo.build(config.model(), config.modelOptions(), 1, 28, 28, 10);
        } catch (InvalidInputException e) {
            if ("modelOptions".equals(e.field())) {
                throw e;
            }
        }
    }

    /** The experiment if this user may see it: their own, a baseline of their course, or any for an instructor. */
    public Optional<Experiment> visible(User user, long id) {
        return experiments.find(id).filter(e -> e.ownerId() == user.id() || user.role().teaches()
                || (e.isBaseline() && experiments.isBaselineForStudent(id, user.id())));
    }

    /** Baselines the user can start from: those of the courses they take or teach. */
    public List<Experiment> baselines(User user) {
        return experiments.baselinesFor(user.id());
    }

    /**
     * Marks a finished training as the baseline of a course the instructor teaches, or unmarks it
     * ({@code courseId} null).
     */
    public void markBaseline(User instructor, long id, Long courseId, java.util.Set<Long> taughtCourseIds) {
        if (!instructor.role().teaches()) {
            throw new InvalidInputException(null, "only instructors mark baselines");
        }
        Experiment e = visible(instructor, id).orElseThrow(() -> new InvalidInputException("id", "no experiment " + id));
        if (courseId != null) {
            if (e.status() != ExperimentStatus.DONE) {
                throw new InvalidInputException("courseId", "only a finished training can be a baseline");
            }
            if (!taughtCourseIds.contains(courseId)) {
                throw new InvalidInputException("courseId", "courseId: choose one of the courses you teach");
            }
        }
        experiments.setBaseline(id, courseId);
        AuditLog.record(db, instructor.id(), courseId == null ? "baseline-removed" : "baseline-marked",
                "#" + id + (courseId == null ? "" : " for course " + courseId));
    }

    public List<Experiment> ownedBy(User user) {
        return experiments.ownedBy(user.id());
    }

    public Optional<TrainReport> report(Experiment e) {
        return experiments.report(e.id());
    }

    /**
     * The latest report of a running experiment. Once it has ended, its phase is the ending (done,
     * failed, cancelled) and its steps are the training's batches, as the bar counted them while it
     * ran: all of them when done, those reached when stopped.
     */
    public JobProgress progress(Experiment e) {
        if (e.status() == ExperimentStatus.QUEUED) {
            return JobProgress.WAITING; // also when back in the queue after a restart, with an old trace
        }
        if (!e.status().finished()) {
            return progress.latest(e.id()).orElse(JobProgress.WAITING);
        }
        JobProgress last = progress.latest(e.id(), TrainProgress.TRAINING)
                .or(() -> progress.latest(e.id())).orElse(JobProgress.WAITING);
        long step = e.status() == ExperimentStatus.DONE ? last.steps() : last.step();
        return new JobProgress(e.status().label(), step, last.steps(), last.loss(), last.accuracy());
    }

    public List<JobProgress> progressHistory(Experiment e) {
        return progress.history(e.id());
    }

    /** 1-based place in the queue, or 0 when not waiting. */
    public int queuePosition(Experiment e) {
        if (e.status() != ExperimentStatus.QUEUED) {
            return 0;
        }
        return queue.waiting(JobQueue.EXPERIMENT).indexOf(e.id()) + 1;
    }

    /**
     * Cancels the user's experiment (instructors: anyone's) and returns it as it stands afterwards;
     * empty when the user cannot see it.
     */
    public Optional<Experiment> cancel(User user, long id) {
        return visible(user, id).map(e -> {
            Experiment after = experiments.requestCancel(e);
            AuditLog.record(db, user.id(), "experiment-cancel", "#" + id);
            return after;
        });
    }
}
