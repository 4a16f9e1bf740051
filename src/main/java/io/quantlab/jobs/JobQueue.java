package io.quantlab.jobs;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.jdbc.DefaultJdbcCustomization;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The persistent job queue: db-scheduler on the application's database. A job is a kind (e.g.
 * "experiment") and the id of the row it works on. Every process can enqueue; a process with
 * workers also runs jobs, one per worker thread. When a worker stops before its job ends, the job
 * goes back in the queue and starts over: at once when the server shuts down, and when a worker
 * died (a crash, kill -9), as soon as a worker of any process finds its heartbeat stale.
 */
public final class JobQueue implements AutoCloseable {
    public static final String EXPERIMENT = "experiment";
    public static final String IMPORTED_MODEL = "imported-model";
    public static final String DATASET_IMPORT = "dataset-import";
    /** Workers record a heartbeat this often for each job they run ... */
    private static final Duration HEARTBEAT = Duration.ofSeconds(2);
    /** ... and one silent for this many heartbeats (10 s) is taken for dead: its jobs run again elsewhere. */
    private static final int MISSED_HEARTBEATS = 5;
    /** When recording a job's ending failed (the database was away): try the job again after this. */
    private static final Duration RETRY_AFTER = Duration.ofMinutes(1);

    private final Map<String, KindTask> tasks = new LinkedHashMap<>();
    private final SchedulerClient client;
    private final Scheduler scheduler;

    public JobQueue(DataSource dataSource, int workers, List<JobKind> kinds) {
        kinds.forEach(kind -> tasks.put(kind.name(), new KindTask(kind)));
        List<Task<?>> all = new ArrayList<>(tasks.values());
        var customization = new DefaultJdbcCustomization(true);
        this.client = SchedulerClient.Builder.create(dataSource, all)
                .jdbcCustomization(customization)
                .build();
        this.scheduler = workers <= 0 ? null
                : Scheduler.create(dataSource, all)
                        .jdbcCustomization(customization)
                        .threads(workers)
                        .pollingInterval(Duration.ofSeconds(1))
                        .heartbeatInterval(HEARTBEAT)
                        .missedHeartbeatsLimit(MISSED_HEARTBEATS)
                        .shutdownMaxWait(Duration.ofSeconds(5))
                        .enableImmediateExecution()
                        .build();
    }

    public void start() {
        if (scheduler != null) {
            scheduler.start();
        }
    }

    public void enqueue(String kind, long id) {
        KindTask task = tasks.get(kind);
        if (task == null) {
            throw new IllegalArgumentException("no job kind " + kind);
        }
        var instance = task.instance(Long.toString(id), id);
        if (scheduler != null) {
            scheduler.schedule(instance, Instant.now());
        } else {
            client.schedule(instance, Instant.now());
        }
    }

    /** Ids of the jobs of this kind waiting in the queue, oldest first, to show a queue position. */
    public List<Long> waiting(String kind) {
        List<Long> ids = new ArrayList<>();
        client.fetchScheduledExecutionsForTask(kind, Long.class, execution -> {
            if (!execution.isPicked()) {
                ids.add(execution.getData());
            }
        });
        return ids;
    }

    /**
     * Stops taking jobs; running ones are told to stop (see {@link JobKind#run}) and go back in the
     * queue, within a few seconds.
     */
    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.stop();
        }
    }

    /** db-scheduler's task for one kind: a {@link JobRun} per execution, which it reschedules or removes. */
    private static final class KindTask extends OneTimeTask<Long> {
        private final JobKind kind;

        KindTask(JobKind kind) {
            super(kind.name(), Long.class, new FailureHandler.OnFailureRetryLater<>(RETRY_AFTER),
                    (ExecutionComplete complete, ExecutionOperations<Long> operations) ->
                            again(JobRun.workerGone(kind, Long.parseLong(complete.getExecution().taskInstance.getId())),
                                    complete, operations));
            this.kind = kind;
        }

        @Override
        public CompletionHandler<Long> execute(TaskInstance<Long> instance, ExecutionContext context) {
            boolean again = JobRun.run(kind, instance.getData(), () -> context.getSchedulerState().isShuttingDown());
            return (complete, operations) -> again(again, complete, operations);
        }

        @Override
        public void executeOnce(TaskInstance<Long> instance, ExecutionContext context) {
            throw new UnsupportedOperationException("run through execute");
        }

        private static void again(boolean again, ExecutionComplete complete, ExecutionOperations<Long> operations) {
            if (again) {
                operations.reschedule(complete, Instant.now());
            } else {
                operations.remove();
            }
        }
    }
}
