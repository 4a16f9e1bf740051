package io.quantlab.jobs;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.jdbc.DefaultJdbcCustomization;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import javax.sql.DataSource;

/**
 * The persistent job queue: db-scheduler on the application's database. A job is a kind (e.g.
 * "experiment") and the id of the row it works on. Every process can enqueue; a process with
 * workers also runs jobs, one per worker thread. A job whose worker died is picked up again by
 * db-scheduler's dead-execution detection.
 */
public final class JobQueue implements AutoCloseable {
    public static final String EXPERIMENT = "experiment";
    public static final String IMPORTED_MODEL = "imported-model";
    public static final String DATASET_IMPORT = "dataset-import";

    private final Map<String, OneTimeTask<Long>> tasks = new LinkedHashMap<>();
    private final SchedulerClient client;
    private final Scheduler scheduler;

    /** {@code handlers}: what runs a job of each kind, given its row id. */
    public JobQueue(DataSource dataSource, int workers, Map<String, LongConsumer> handlers) {
        handlers.forEach((kind, handler) -> tasks.put(kind,
                Tasks.oneTime(kind, Long.class).execute((instance, context) -> handler.accept(instance.getData()))));
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

    public void enqueue(String kind, long id) {
        OneTimeTask<Long> task = tasks.get(kind);
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

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.stop();
        }
    }
}
