package io.quantlab.jobs;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.jdbc.DefaultJdbcCustomization;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.LongConsumer;
import javax.sql.DataSource;

/**
 * The persistent job queue: db-scheduler on the application's database. Every process can
 * enqueue; a process with workers also runs jobs, one per worker thread. A job whose worker
 * died is picked up again by db-scheduler's dead-execution detection.
 */
public final class JobQueue implements AutoCloseable {
    private static final String EXPERIMENT_TASK = "experiment";

    private final OneTimeTask<Long> experimentTask;
    private final SchedulerClient client;
    private final Scheduler scheduler;

    public JobQueue(DataSource dataSource, int workers, LongConsumer runExperiment) {
        this.experimentTask = Tasks.oneTime(EXPERIMENT_TASK, Long.class)
                .execute((instance, context) -> runExperiment.accept(instance.getData()));
        var customization = new DefaultJdbcCustomization(true);
        this.client = SchedulerClient.Builder.create(dataSource, List.of(experimentTask))
                .jdbcCustomization(customization)
                .build();
        this.scheduler = workers <= 0 ? null
                : Scheduler.create(dataSource, List.of(experimentTask))
                        .jdbcCustomization(customization)
                        .threads(workers)
                        .pollingInterval(Duration.ofSeconds(1))
                        .heartbeatInterval(Duration.ofSeconds(10))
                        .shutdownMaxWait(Duration.ofSeconds(5))
                        .enableImmediateExecution()
                        .build();
    }

    public void start() {
        if (scheduler != null) {
            scheduler.start();
        }
    }

    public void enqueueExperiment(long experimentId) {
        var instance = experimentTask.instance(Long.toString(experimentId), experimentId);
        if (scheduler != null) {
            scheduler.schedule(instance, Instant.now());
        } else {
            client.schedule(instance, Instant.now());
        }
    }

    /** Experiment ids waiting in the queue, oldest first, to show a queue position. */
    public List<Long> waitingExperiments() {
        List<Long> ids = new java.util.ArrayList<>();
        client.fetchScheduledExecutionsForTask(EXPERIMENT_TASK, Long.class, execution -> {
            if (!execution.isPicked()) {
                ids.add(execution.getData());
            }
        });
        return ids;
    }

    public boolean runsJobs() {
        return scheduler != null;
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.stop();
        }
    }
}
