package io.quantlab.jobs;

import com.github.kagkarlsson.scheduler.ScheduledExecutionsFilter;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceException;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceNotFoundException;
import com.github.kagkarlsson.scheduler.jdbc.DefaultJdbcCustomization;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persistent job queue: db-scheduler on the application's database. A job is a kind (e.g.
 * "experiment") and the id of the row it works on. Every process can enqueue; a process with
 * workers also runs jobs, one per worker thread. When a worker stops before its job ends, the job
 * goes back in the queue and starts over: at once when the server shuts down, and when a worker
 * died (a crash, kill -9), as soon as a worker of any process finds its heartbeat stale. A job
 * recorded but never queued (its process died in between) is queued by the next worker to look.
 */
public final class JobQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobQueue.class);
    public static final String EXPERIMENT = "experiment";
    public static final String IMPORTED_MODEL = "imported-model";
    public static final String DATASET_IMPORT = "dataset-import";
    public static final String HIDDEN_EVALUATION = "hidden-evaluation";
    /** Workers record a heartbeat this often for each job they run ... */
    private static final Duration HEARTBEAT = Duration.ofSeconds(2);
    /** ... and one silent for this many heartbeats (10 s) is taken for dead: its jobs run again elsewhere. */
    private static final int MISSED_HEARTBEATS = 5;
    /** When recording a job's ending failed (the database was away): try the job again after this. */
    private static final Duration RETRY_AFTER = Duration.ofMinutes(1);
    /** How often one worker looks for jobs the queue lost, as at every start. */
    private static final Duration LOST_JOBS_EVERY = Duration.ofMinutes(1);

    private final Map<String, KindTask> tasks = new LinkedHashMap<>();
    private final Map<String, OneTimeTask<Long>> timed = new LinkedHashMap<>();
    private final SchedulerClient client;
    private final Scheduler scheduler;

    public JobQueue(DataSource dataSource, int workers, List<JobKind> kinds) {
        this(dataSource, workers, kinds, List.of());
    }

    /** With {@code timedTasks} to be scheduled by {@link #at}. */
    public JobQueue(DataSource dataSource, int workers, List<JobKind> kinds, List<TimedTask> timedTasks) {
        kinds.forEach(kind -> tasks.put(kind.name(), new KindTask(kind)));
        timedTasks.forEach(t -> timed.put(t.name(), Tasks.oneTime(t.name(), Long.class).onFailureRetryLater()
                .execute((instance, context) -> t.work().accept(instance.getData()))));
        List<Task<?>> all = new ArrayList<>(tasks.values());
        all.addAll(timed.values());
        var customization = new DefaultJdbcCustomization(true);
        this.client = SchedulerClient.Builder.create(dataSource, all)
                .jdbcCustomization(customization)
                .build();
        RecurringTask<Void> lostJobs = Tasks.recurring("lost-jobs", FixedDelay.of(LOST_JOBS_EVERY))
                .execute((instance, context) -> requeueLost());
        this.scheduler = workers <= 0 ? null
                : Scheduler.create(dataSource, all)
                        .startTasks(lostJobs)
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
            scheduler.scheduleIfNotExists(instance, Instant.now());
        } else {
            client.scheduleIfNotExists(instance, Instant.now());
        }
    }

    /** Runs timed task {@code name} for row {@code id} at {@code when}, instead of any time set before. */
    public void at(String name, long id, Instant when) {
        var instance = timedTask(name).instance(Long.toString(id), id);
        SchedulerClient queue = scheduler != null ? scheduler : client;
        try {
            queue.reschedule(instance, when);
        } catch (TaskInstanceNotFoundException e) {
            queue.scheduleIfNotExists(instance, when);
        } catch (TaskInstanceCurrentlyExecutingException e) {
            LOG.warn("{} {} is running now; not moved to {}", name, id, when); // it runs on what is stored then
        }
    }

    /** Drops timed task {@code name} of row {@code id}, if it is still to run. */
    public void cancel(String name, long id) {
        SchedulerClient queue = scheduler != null ? scheduler : client;
        try {
            queue.cancel(timedTask(name).instance(Long.toString(id)));
        } catch (TaskInstanceException e) {
            // already run, running or never scheduled: nothing to drop
        }
    }

    private OneTimeTask<Long> timedTask(String name) {
        OneTimeTask<Long> task = timed.get(name);
        if (task == null) {
            throw new IllegalArgumentException("no timed task " + name);
        }
        return task;
    }

    /**
     * Jobs whose row says queued or running but which have no execution in the queue go back in it:
     * their process died between recording and queuing them, or an older version lost them.
     */
    private void requeueLost() {
        for (KindTask task : tasks.values()) {
            List<Long> unfinished = task.kind.table().unfinished();
            Set<Long> queued = new HashSet<>();
            client.fetchScheduledExecutionsForTask(task.getName(), Long.class, ScheduledExecutionsFilter.all(),
                    execution -> queued.add(execution.getData()));
            for (long id : unfinished) {
                if (!queued.contains(id) && JobRun.workerGone(task.kind, id)) {
                    LOG.warn("{} job {} was lost by the queue; queued again", task.getName(), id);
                    enqueue(task.getName(), id);
                }
            }
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
     * Stops taking jobs; running ones are told to stop (see {@link JobKind.Work#run}) and go back in the
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
