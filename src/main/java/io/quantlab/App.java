package io.quantlab;

import io.javalin.Javalin;
import io.quantlab.account.AccountService;
import io.quantlab.account.ApiTokenStore;
import io.quantlab.account.SessionStore;
import io.quantlab.account.UserStore;
import io.quantlab.classroom.Classroom;
import io.quantlab.classroom.CourseStore;
import io.quantlab.classroom.FirstStart;
import io.quantlab.classroom.Registration;
import io.quantlab.data.Datasets;
import io.quantlab.datasetimport.DatasetImportJob;
import io.quantlab.datasetimport.DatasetImportService;
import io.quantlab.datasetimport.DatasetImportStore;
import io.quantlab.dashboard.CourseDashboard;
import io.quantlab.dashboard.DashboardStore;
import io.quantlab.exercise.ExerciseService;
import io.quantlab.exercise.Regrading;
import io.quantlab.experiment.ExperimentJob;
import io.quantlab.experiment.ExperimentService;
import io.quantlab.experiment.PtqRun;
import io.quantlab.experiment.MixedPrecisionRun;
import io.quantlab.experiment.QatRun;
import io.quantlab.experiment.SweepRun;
import io.quantlab.experiment.ExperimentStore;
import io.quantlab.experiment.TrainingRun;
import io.quantlab.imported.ImportEvaluation;
import io.quantlab.imported.ImportService;
import io.quantlab.imported.ImportedModelStore;
import io.quantlab.leaderboard.ExerciseBoard;
import io.quantlab.target.HiddenEvaluationJob;
import io.quantlab.target.TargetGrader;
import io.quantlab.target.TargetResultStore;
import io.quantlab.jobs.JobQueue;
import io.quantlab.jobs.TimedTask;
import io.quantlab.jobs.ProgressStore;
import io.quantlab.leaderboard.Leaderboard;
import io.quantlab.store.AuditLog;
import io.quantlab.store.Database;
import io.quantlab.system.Health;
import io.quantlab.train.Trainer;
import io.quantlab.train.TrainingWarmUp;
import io.quantlab.web.Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/** One QuantLab process: database, job workers and web server, started and stopped together. */
public final class App implements AutoCloseable {
    private final Database db;
    private final JobQueue queue;
    private final Javalin web;
    private final Optional<FirstStart.Credentials> firstStart;

    private App(Database db, JobQueue queue, Javalin web, Optional<FirstStart.Credentials> firstStart) {
        this.db = db;
        this.queue = queue;
        this.web = web;
        this.firstStart = firstStart;
    }

    /** Starts everything; {@code migrations} is the folder of Flyway SQL files. */
    public static App start(Config config, Path migrations) throws java.io.IOException {
        configureDjl();
        Files.createDirectories(config.home());
        Database db = Database.open(config.databaseUrl(), config.databaseUser(), config.databasePassword(), migrations);
        try {
            UserStore users = new UserStore(db);
            AccountService accounts = new AccountService(db, users);
            CourseStore courses = new CourseStore(db);
            ApiTokenStore tokens = new ApiTokenStore(db);
            ExperimentStore experimentStore = new ExperimentStore(db);
            ProgressStore progress = new ProgressStore(db);
            Datasets datasets = new Datasets(config.fashionMnistDir(), config.userDatasetsDir());
            Trainer trainer = new Trainer(datasets);
            ExperimentJob experimentJob = new ExperimentJob(experimentStore, progress, config.jobTimeLimit(),
                    new TrainingRun(experimentStore, trainer), new PtqRun(experimentStore, datasets),
                    new QatRun(experimentStore, datasets), new SweepRun(experimentStore, datasets),
                    new MixedPrecisionRun(experimentStore, datasets));
            ImportedModelStore importedModels = new ImportedModelStore(db);
            ImportEvaluation importEvaluation = new ImportEvaluation(importedModels, datasets);
            DatasetImportStore datasetImports = new DatasetImportStore(db);
            DatasetImportJob datasetImport = new DatasetImportJob(datasetImports, datasets, config.maxUploadBytes(),
                    config.jobTimeLimit());
            TargetResultStore targetResults = new TargetResultStore(db);
            Regrading regrading = new Regrading(db, TargetGrader.rescoring(targetResults),
                    exercise -> ExerciseBoard.rankingBonuses(targetResults, exercise), InstantSource.system());
            HiddenEvaluationJob hiddenEvaluation = new HiddenEvaluationJob(targetResults, experimentStore, datasets,
                    InstantSource.system(), regrading::atDeadline);
            JobQueue queue = new JobQueue(db.dataSource(), config.workers(),
                    List.of(experimentJob.kind(), importEvaluation.kind(), datasetImport.kind(), hiddenEvaluation.kind()),
                    List.of(new TimedTask(ExerciseService.DEADLINE_TASK, regrading::atDeadline)));
            TargetGrader targetGrader = new TargetGrader(experimentStore, targetResults, queue);
            AuditLog audit = new AuditLog(db);
            ExperimentService experiments = new ExperimentService(db, experimentStore, progress, queue, datasets,
                    config.maxQueuedJobsPerUser());
            Optional<FirstStart.Credentials> first = FirstStart.ensureFirstInstructor(db, users, accounts, courses,
                    config.adminEmail(), config.adminPassword());
            Classroom classroom = Classroom.of(db, users, accounts, courses);
            ExerciseService exercises = new ExerciseService(db, classroom.courses(), targetGrader, regrading, queue,
                    InstantSource.system());
            exercises.queueDeadlines();
            Javalin web = Server.create(new Server.Services(accounts, new SessionStore(db, config.sessionLifetime()),
                    tokens, courses, new Registration(db, accounts, courses), classroom,
                    experiments, datasets,
                    new Health(db, datasets), new ImportService(importedModels, datasets, queue, audit),
                    new DatasetImportService(datasetImports, datasets, queue, audit, config.maxUploadBytes()),
                    config.sessionLifetime(), config.maxUploadBytes(), config.secureCookies(),
                    config.trustedProxies(), config.bodiesInFlightBytes(), config.bodiesInFlightPerUserBytes(),
                    new Leaderboard(experimentStore, courses), exercises, new CourseDashboard(new DashboardStore(db),
                    experimentStore, experiments, classroom.courses(), exercises),
                    new ExerciseBoard(exercises, targetResults)));
            web.start(config.port());
            queue.start();
            if (config.trainingWarmUp() && config.workers() > 0) {
                TrainingWarmUp.startInBackground(trainer);
            }
            return new App(db, queue, web, first);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * DJL offline, one intra-op thread per core (all compute runs on the one TorchThread, so each
     * pass gets every core; bench/training/README.md) and one inter-op thread.
     */
    private static void configureDjl() {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        System.setProperty("ai.djl.pytorch.num_threads", System.getProperty("ai.djl.pytorch.num_threads",
                String.valueOf(Runtime.getRuntime().availableProcessors())));
        System.setProperty("ai.djl.pytorch.num_interop_threads",
                System.getProperty("ai.djl.pytorch.num_interop_threads", "1"));
    }

    public int port() {
        return web.port();
    }

    public Optional<FirstStart.Credentials> firstStart() {
        return firstStart;
    }

    /**
     * Web first (no new requests), then workers (their running jobs stop and go back in the queue),
     * then the pool: each exactly once.
     */
    @Override
    public void close() {
        web.stop();
        queue.close();
        db.close();
    }
}
