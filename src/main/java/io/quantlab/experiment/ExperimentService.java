package io.quantlab.experiment;

import io.quantlab.ForbiddenException;
import io.quantlab.InvalidInputException;
import io.quantlab.Json;
import io.quantlab.NotFoundException;
import io.quantlab.account.User;
import io.quantlab.data.Datasets;
import io.quantlab.jobs.JobProgress;
import io.quantlab.jobs.JobQueue;
import io.quantlab.jobs.ProgressStore;
import io.quantlab.mixed.MixedPrecisionConfig;
import io.quantlab.mixed.MixedPrecisionSearch;
import io.quantlab.mixed.PackedModelSizes;
import io.quantlab.model.ModelZoo;
import io.quantlab.store.AuditLog;
import io.quantlab.ptq.PtqConfig;
import io.quantlab.qat.QatConfig;
import io.quantlab.sweep.SweepConfig;
import io.quantlab.sweep.SweepReport;
import io.quantlab.store.Database;
import io.quantlab.store.Rows;
import io.quantlab.store.Sha256;
import io.quantlab.train.TrainConfig;
import io.quantlab.train.Trainer;
import io.quantlab.train.TrainProgress;
import io.quantlab.train.TrainReport;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Starting, reading and cancelling experiments, with who may see what. */
public final class ExperimentService {
    private final Database db;
    private final ExperimentStore experiments;
    private final ProgressStore progress;
    private final JobQueue queue;
    private final Datasets datasets;
    private final int maxUnfinishedPerUser;
    private final TrainedLayers layers;

    public ExperimentService(Database db, ExperimentStore experiments, ProgressStore progress, JobQueue queue,
            Datasets datasets, int maxUnfinishedPerUser) {
        this.db = db;
        this.experiments = experiments;
        this.progress = progress;
        this.queue = queue;
        this.datasets = datasets;
        this.maxUnfinishedPerUser = maxUnfinishedPerUser;
        this.layers = new TrainedLayers(experiments, datasets);
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
            requireRoomFor(tx, user);
            long newId = experiments.insertQueued(tx, user.id(), new ExperimentConfig.Training(config));
            AuditLog.record(tx, user.id(), "experiment-queued", "#" + newId + " " + config);
            return newId;
        });
        enqueue(id);
        return id;
    }

    /**
     * Starts a post-training quantization of a finished training from the API's fields: {@code parent}
     * (required) and the {@link PtqConfig} fields (each optional, with its default); returns its id.
     * An identical request already done (same parent parameters, settings and seed) is answered at
     * once, as a new experiment of this user's with a copy of that result.
     *
     * @throws InvalidInputException naming the field for an unknown field or a bad setting, or
     *     ({@code parent}) a parent that is not a finished training
     * @throws NotFoundException ({@code parent}) for a parent the user cannot see
     */
    public long startPtq(User user, Map<String, ?> fields) {
        requireKnownFields(fields, PTQ_FIELDS);
        PtqConfig ptq = PtqConfig.of(fields);
        Experiment parent = parent(user, fields);
        return startQuantization(user, new ExperimentConfig.Ptq(parent.id(), parent.config().dataset(),
                parent.config().model(), ptq), parent, ptq.fields());
    }

    /**
     * Starts the four notebook variants (per tensor / per channel × BN folded / not, static W8A8
     * min-max) of a finished training from the API's fields {@code parent} and
     * {@code calibrationBatches} (optional); otherwise as {@link #startPtq}.
     */
    public long startPtqVariants(User user, Map<String, ?> fields) {
        requireKnownFields(fields, PTQ_VARIANTS_FIELDS);
        int batches = PtqConfig.of(fields).calibrationBatches();
        Experiment parent = parent(user, fields);
        return startQuantization(user, new ExperimentConfig.PtqVariants(parent.id(), parent.config().dataset(),
                parent.config().model(), batches), parent, Map.of("calibrationBatches", batches));
    }

    /**
     * Starts a quantization-aware fine-tuning of a finished training from the API's fields:
     * {@code parent} (required) and the {@link QatConfig} fields (each optional, with its default);
     * otherwise as {@link #startPtq}.
     */
    public long startQat(User user, Map<String, ?> fields) {
        requireKnownFields(fields, QAT_FIELDS);
        QatConfig qat = QatConfig.of(fields);
        Experiment parent = parent(user, fields);
        requireLayersOf(parent, qat);
        return startQuantization(user, new ExperimentConfig.Qat(parent.id(), parent.config().dataset(),
                parent.config().model(), qat), parent, qat.fields());
    }

    /**
     * Starts a bit-width sweep of a finished training from the API's fields: {@code parent}
     * (required), {@code bits} and the composed quantizer's {@link QatConfig} fields but
     * {@code weightBits} (each optional, with its default); otherwise as {@link #startPtq}.
     */
    public long startSweep(User user, Map<String, ?> fields) {
        SweepConfig sweep = SweepConfig.of(fields);
        requireKnownFields(fields, SWEEP_FIELDS);
        Experiment parent = parent(user, fields);
        requireLayersOf(parent, sweep.quantizer());
        return startQuantization(user, new ExperimentConfig.Sweep(parent.id(), parent.config().dataset(),
                parent.config().model(), sweep), parent, sweep.fields());
    }

    /** Layer names are checked against the parent's model now, so a typo is a 400 and not a failed job. */
    private void requireLayersOf(Experiment parent, QatConfig qat) {
        if (!qat.layers().isEmpty() || !qat.layerBits().isEmpty()) {
            TrainConfig trained = parent.train();
            qat.requireLayersOf(Trainer.modelSpec(trained, datasets.get(trained.dataset())));
        }
    }

    /** The model of a finished training with its weighted layers' weights, BN folded (Lab 5's formulas). */
    public TrainedLayers.Model layers(Experiment training) {
        return layers.of(training);
    }

    /**
     * Starts a mixed-precision fine-tuning of a finished training from the API's fields:
     * {@code parent} and {@code sizeBudgetBytes} (required), {@code candidateBits} and the
     * {@link QatConfig} fields but {@code weightBits} (each optional); otherwise as {@link #startPtq}.
     *
     * @throws InvalidInputException ({@code sizeBudgetBytes}) also for a budget below the smallest size
     *     the parent's model packs to, every layer at the narrowest candidate
     */
    public long startMixedPrecision(User user, Map<String, ?> fields) {
        MixedPrecisionConfig mixed = MixedPrecisionConfig.of(fields); // first: weightBits is told why it is refused
        requireKnownFields(fields, MIXED_PRECISION_FIELDS);
        Experiment parent = parent(user, fields);
        MixedPrecisionSearch.requireReachable(mixed, packedSizes(parent, mixed.qat()));
        return startQuantization(user, new ExperimentConfig.MixedPrecision(parent.id(), parent.config().dataset(),
                parent.config().model(), mixed), parent, mixed.fields());
    }

    /** The packed sizes of a finished training's model by layer width, for the mixed-precision form and its check. */
    public PackedModelSizes packedSizes(Experiment training, QatConfig qat) {
        ParentTraining parent = ParentTraining.load(training, experiments, datasets);
        return PackedModelSizes.of(parent.spec(), parent.parameters(), qat);
    }

    /** The fields a {@code ptq} request may send. */
    public static final Set<String> PTQ_FIELDS = fieldsWith(PtqConfig.defaults().fields().keySet());
    /** The fields a {@code ptq-variants} request may send. */
    public static final Set<String> PTQ_VARIANTS_FIELDS = fieldsWith(Set.of("calibrationBatches"));
    /** The fields a {@code qat} request may send. */
    public static final Set<String> QAT_FIELDS = fieldsWith(Set.copyOf(QatConfig.FIELDS));
    /** The fields a {@code sweep} request may send: {@code bits} and the QAT ones but the weights' widths. */
    public static final Set<String> SWEEP_FIELDS = fieldsWith(SweepConfig.FIELDS);

    /** The fields a {@code mixed-precision} request may send. */
    public static final Set<String> MIXED_PRECISION_FIELDS = fieldsWith(MixedPrecisionConfig.fieldNames());

    private static Set<String> fieldsWith(Set<String> settings) {
        Set<String> fields = new TreeSet<>(settings);
        fields.add("kind");
        fields.add("parent");
        return Collections.unmodifiableSet(fields);
    }

    private static void requireKnownFields(Map<String, ?> fields, Set<String> known) {
        for (String name : fields.keySet()) {
            if (!known.contains(name)) {
                throw new InvalidInputException(name, InvalidInputException.quote(name)
                        + ": unknown field; known fields are " + String.join(", ", known));
            }
        }
    }

    /** The request's parent: a finished training the user may see. */
    private Experiment parent(User user, Map<String, ?> fields) {
        Object raw = fields.get("parent");
        if (raw == null) {
            throw new InvalidInputException("parent", "parent is required: the id of a finished training");
        }
        if (!(raw instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new InvalidInputException("parent", "parent must be the id of a finished training, got "
                    + InvalidInputException.quote(raw));
        }
        long id = n.longValue();
        // An instructor sees their students' trainings but quantizes only their own and baselines.
        Experiment parent = experiments.find(id).filter(experiments.accessOf(user)::mayStartFrom)
                .orElseThrow(() -> new NotFoundException("parent", "no experiment " + id + " that you can see"));
        if (parent.kind() != ExperimentKind.TRAIN) {
            throw new InvalidInputException("parent", "parent must be an FP32 training; experiment " + id + " is a "
                    + parent.kind().apiName() + " result");
        }
        if (parent.status() != ExperimentStatus.DONE) {
            throw new InvalidInputException("parent", "parent must be a finished training; experiment " + id + " is "
                    + parent.status().label());
        }
        return parent;
    }

    /**
     * Reuses a finished identical result when there is one (a new done experiment, nothing
     * queued), else records and queues the job.
     */
    private long startQuantization(User user, ExperimentConfig config, Experiment parent,
                                   Map<String, Object> canonical) {
        String parameters = experiments.parametersSha256(parent.id()).orElseThrow(() -> new InvalidInputException(
                "parent", "training " + parent.id() + " has no stored parameters"));
        String key = reuseKey(config.kind(), parameters, canonical);
        long[] idAndQueued = db.transaction(tx -> {
            Optional<Long> twin = experiments.doneWithKey(tx, key);
            if (twin.isPresent()) {
                long copy = experiments.insertCopyOf(tx, twin.get(), user.id(), config, parent.id(), key);
                AuditLog.record(tx, user.id(), "experiment-reused", "#" + copy + " " + config.summary()
                        + ": the result of #" + twin.get());
                return new long[] {copy, 0};
            }
            requireRoomFor(tx, user);
            long queued = experiments.insertQueued(tx, user.id(), config, parent.id(), key);
            AuditLog.record(tx, user.id(), "experiment-queued", "#" + queued + " " + config.summary());
            return new long[] {queued, 1};
        });
        if (idAndQueued[1] == 1) {
            enqueue(idAndQueued[0]);
        }
        return idAndQueued[0];
    }

    /**
     * What identical requests share (DESIGN.md, "Jobs"): the kind, the parent's parameters (by
     * their SHA-256, so a copy of the same checkpoint counts too) and the settings in a fixed order, seed included.
     */
    static String reuseKey(ExperimentKind kind, String parametersSha256, Map<String, Object> canonical) {
        return Sha256.hex((kind.apiName() + "\n" + parametersSha256 + "\n" + Json.write(canonical))
                .getBytes(StandardCharsets.UTF_8));
    }

    private void requireRoomFor(Rows tx, User user) {
        if (experiments.lockOwnerAndCountUnfinished(tx, user.id()) >= maxUnfinishedPerUser) {
            throw new InvalidInputException(null, "you already have " + maxUnfinishedPerUser
                    + " experiments queued or running; wait for one to finish or cancel one");
        }
    }

    private void enqueue(long id) {
        try {
            queue.enqueue(JobQueue.EXPERIMENT, id);
        } catch (RuntimeException e) {
            experiments.jobs().failUnclaimed(id, "could not be queued: " + e.getMessage());
            throw e;
        }
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

    /**
     * The experiment if this user may see it ({@link ExperimentAccess#mayView}); empty, exactly as for
     * one that does not exist, otherwise.
     */
    public Optional<Experiment> visible(User user, long id) {
        // One's own needs no look-up of courses: the live status polls it every second.
        return experiments.find(id).filter(e -> e.ownerId() == user.id() || experiments.accessOf(user).mayView(e));
    }

    /** What this user may open and change; see {@link ExperimentAccess}. */
    public ExperimentAccess access(User user) {
        return experiments.accessOf(user);
    }

    /** Baselines the user can start from: those of the courses they take or teach. */
    public List<Experiment> baselines(User user) {
        return experiments.baselinesFor(user.id());
    }

    /**
     * Marks the instructor's own finished training as the baseline of a course they teach, or
     * unmarks it ({@code courseId} null); an administrator may mark anyone's.
     *
     * @throws NotFoundException for an experiment the instructor cannot see
     * @throws ForbiddenException for one they see but may not change (a student's)
     * @throws InvalidInputException for one that is not a finished training, or a course they do not teach
     */
    public void markBaseline(User instructor, long id, Long courseId, java.util.Set<Long> taughtCourseIds) {
        if (!instructor.role().teaches()) {
            throw new InvalidInputException(null, "only instructors mark baselines");
        }
        Experiment e = visible(instructor, id).orElseThrow(() -> new NotFoundException("id",
                "no experiment " + id + " that you can see"));
        if (!access(instructor).mayChange(e)) {
            throw new ForbiddenException("experiment " + id + " is " + e.ownerName()
                    + "'s; only your own trainings can be a course's baseline");
        }
        if (courseId != null) {
            if (e.status() != ExperimentStatus.DONE || e.kind() != ExperimentKind.TRAIN) {
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

    /** The experiments of {@code e}'s owner that {@code viewer} may see, as {@link #ownedBy} orders them. */
    public List<Experiment> ownedBySameOwner(User viewer, Experiment e) {
        ExperimentAccess access = access(viewer);
        return experiments.ownedBy(e.ownerId()).stream().filter(access::mayView).toList();
    }

    /**
     * One of a quantization's files ({@link ExperimentStore#MODEL_ONNX}, {@link ExperimentStore#FP32_ONNX},
     * {@link ExperimentStore#QUANTIZATION_JSON}) of an experiment the user may see; empty when either is missing.
     */
    public Optional<byte[]> download(User user, long id, String file) {
        if (!DOWNLOADS.contains(file)) {
            return Optional.empty();
        }
        return visible(user, id).flatMap(e -> experiments.artifact(e.id(), file));
    }

    /** The files {@link #download} hands out. */
    public static final Set<String> DOWNLOADS = Set.of(ExperimentStore.MODEL_ONNX, ExperimentStore.FP32_ONNX,
            ExperimentStore.QUANTIZATION_JSON);

    /** A PTQ result's calibration table and kernel check, for its page. */
    public Optional<PtqReport> ptqReport(Experiment e) {
        return experiments.artifact(e.id(), ExperimentStore.PTQ_REPORT)
                .map(bytes -> Json.read(new String(bytes, StandardCharsets.UTF_8), PtqReport.class));
    }

    /** A sweep's weight histograms of the composed quantizer at each width, for its page. */
    public Optional<SweepReport> sweepReport(Experiment e) {
        return experiments.artifact(e.id(), ExperimentStore.SWEEP_REPORT)
                .map(bytes -> Json.read(new String(bytes, StandardCharsets.UTF_8), SweepReport.class));
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
        return e.status() == ExperimentStatus.QUEUED ? queuePosition(e, waiting()) : 0;
    }

    /** As {@link #queuePosition(Experiment)} in a list of {@link #waiting()} read once for many experiments. */
    public static int queuePosition(Experiment e, List<Long> waiting) {
        return e.status() == ExperimentStatus.QUEUED ? waiting.indexOf(e.id()) + 1 : 0;
    }

    /** The ids of the experiments waiting in the queue, first in line first. */
    public List<Long> waiting() {
        return queue.waiting(JobQueue.EXPERIMENT);
    }

    /**
     * Cancels the user's experiment (an administrator: anyone's) and returns it as it stands
     * afterwards; empty when the user cannot see it.
     *
     * @throws ForbiddenException for an experiment the user sees but may not change: an instructor's view
     *     of a student's is read-only
     */
    public Optional<Experiment> cancel(User user, long id) {
        return visible(user, id).map(e -> {
            if (!access(user).mayChange(e)) {
                throw new ForbiddenException("experiment " + id + " is " + e.ownerName()
                        + "'s; only its owner can cancel it");
            }
            Experiment after = experiments.requestCancel(e);
            AuditLog.record(db, user.id(), "experiment-cancel", "#" + id);
            return after;
        });
    }
}
