package io.quantlab.bench;

import io.quantlab.data.Dataset;
import io.quantlab.data.Datasets;
import io.quantlab.model.ModelZoo;
import io.quantlab.train.BenchAccess;
import io.quantlab.train.TrainConfig;
import io.quantlab.train.TrainListener;
import io.quantlab.train.TrainProgress;
import io.quantlab.train.TrainResult;
import io.quantlab.train.Trainer;
import io.quantlab.train.TrainingWarmUp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Training throughput, printed, not asserted (bench/training/README.md has the numbers and the
 * PyTorch reference beside them). Skipped unless asked for:
 * <pre>
 * mvn -B -o test -Dtest='io.quantlab.bench.**' -Dquantlab.bench=true \
 *     -Dquantlab.bench.models=mlp512,small-cnn -Dquantlab.bench.jobs=1,2 -Dai.djl.pytorch.num_threads=2
 * </pre>
 * {@code models}: mlp (the zoo's 784-256-10), mlp512 (784-512-10, the reference MLP),
 * small-cnn; {@code jobs}: 1 = one job alone, 2 = two jobs started together in this JVM (images/s
 * summed over both); {@code subset} training images (default all), {@code epochs} (default 1),
 * {@code dataset} (default fashion-mnist), {@code warmup} training images of each untimed warm-up
 * run of a model before it is measured (default: as many as measured), {@code warmupRuns} the most
 * such runs (default 8; they stop once the JIT has gone quiet; 0 measures a fresh JVM's first
 * jobs), {@code serverWarmUp} (true: first the server's own {@link TrainingWarmUp}), {@code paired}
 * (true: one job of each model per line on stdin, for bench/training/paired.py). A server
 * trains all day in one JVM, so its JIT-compiled code is warm, while the first jobs after a start
 * are slower: each warm-up run's line shows by how much. Each line also gives the intra-op threads the engine uses, the load average
 * and this JVM's RSS (now and peak) read from /proc/self/status.
 */
@Tag("bench")
@EnabledIfSystemProperty(named = "quantlab.bench", matches = "true")
class TrainingBenchmark {

    private static final Datasets DATASETS = new Datasets();
    /** Share of a warm-up run's time spent JIT-compiling below which the JVM counts as warm. */
    private static final double QUIET_JIT = 0.02;

    /** The same run without Maven, so the environment (OpenMP, malloc) is the caller's. */
    public static void main(String[] args) {
        new TrainingBenchmark().trainingThroughput();
    }

    @Test
    void trainingThroughput() {
        String dataset = System.getProperty("quantlab.bench.dataset", "fashion-mnist");
        int subset = Integer.getInteger("quantlab.bench.subset", TrainConfig.WHOLE_TRAINING_SET);
        int epochs = Integer.getInteger("quantlab.bench.epochs", 1);
        int warmUp = Integer.getInteger("quantlab.bench.warmup", Math.min(subset, 60_000));
        int warmUpRuns = Integer.getInteger("quantlab.bench.warmupRuns", 8);
        Dataset data = DATASETS.get(dataset);
        if (Boolean.getBoolean("quantlab.bench.serverWarmUp")) {
            System.out.printf(Locale.ROOT, "BENCH the server's training warm-up took %.2f s%n",
                    TrainingWarmUp.run(new Trainer(DATASETS)).toMillis() / 1e3);
        }
        List<String> models = Arrays.stream(System.getProperty("quantlab.bench.models", "mlp512,small-cnn").split(","))
                .map(String::trim).toList();
        if (Boolean.getBoolean("quantlab.bench.paired")) {
            paired(models, data, subset, epochs, warmUp, warmUpRuns);
            return;
        }
        for (String model : models) {
            warmUp(model, data, warmUp, warmUpRuns);
            for (String jobs : System.getProperty("quantlab.bench.jobs", "1,2").split(",")) {
                measure(model, data, subset, epochs, Integer.parseInt(jobs.trim()));
            }
        }
    }

    /**
     * For bench/training/paired.py: warms every model up, prints "READY", then measures one job of
     * each model whenever a line arrives on stdin, until stdin ends. The driver alternates this JVM
     * with a PyTorch process run by run, so both see the same minutes of a host whose speed drifts.
     */
    private static void paired(List<String> models, Dataset data, int subset, int epochs, int warmUp, int warmUpRuns) {
        for (String model : models) {
            warmUp(model, data, warmUp, warmUpRuns);
        }
        System.out.println("READY");
        System.out.flush();
        try (BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            while (commands.readLine() != null) {
                for (String model : models) {
                    measure(model, data, subset, epochs, 1);
                }
                System.out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Engine start, JIT compilation, first allocations: untimed runs of one epoch until the JIT
     * compilers have gone quiet (under {@link #QUIET_JIT} of a run's time spent compiling) or
     * {@code maxRuns} runs are done. Methods called once per step reach C2's threshold only after
     * thousands of steps, and until then the compiler threads take CPU from the training threads.
     */
    private static void warmUp(String model, Dataset data, int images, int maxRuns) {
        for (int run = 1; run <= maxRuns; run++) {
            long compiling = compilingMillis();
            long start = System.nanoTime();
            Job job = run(model, data, config(data, model), images, 1, 99);
            double seconds = (System.nanoTime() - start) / 1e9;
            double share = (compilingMillis() - compiling) / 1e3 / seconds;
            System.out.printf(Locale.ROOT, "BENCH %s warm-up run %d: train %.2f s, JIT compiling %.0f%% of the run%n",
                    model, run, job.result().trainSeconds(), 100 * share);
            if (share < QUIET_JIT) {
                return;
            }
        }
    }

    /** Milliseconds the JIT compilers have spent so far (all compiler threads), or 0 if unknown. */
    private static long compilingMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    private static void measure(String model, Dataset data, int subset, int epochs, int jobs) {
        TrainConfig d = config(data, model);
        List<CompletableFuture<Job>> running = new ArrayList<>();
        for (int j = 0; j < jobs; j++) {
            long seed = j;
            running.add(CompletableFuture.supplyAsync(() -> run(model, data, d, subset, epochs, seed)));
        }
        long compiling = compilingMillis();
        List<Job> done = running.stream().map(CompletableFuture::join).toList();
        compiling = compilingMillis() - compiling;
        long firstStart = done.stream().mapToLong(Job::trainStart).min().orElseThrow();
        long lastEnd = done.stream().mapToLong(Job::trainEnd).max().orElseThrow();
        double seconds = (lastEnd - firstStart) / 1e9;
        long images = (long) Math.min(subset, data.trainSize()) * epochs * jobs;
        StringBuilder accuracies = new StringBuilder();
        for (Job job : done) {
            accuracies.append(String.format(Locale.ROOT, " %.2f%%", job.result().testAccuracy()));
        }
        TrainResult first = done.get(0).result();
        System.out.printf(Locale.ROOT, "BENCH %s jobs %d threads %d: %d images in %.2f s = %.0f images/s total;"
                        + " per job train %s s; test accuracy%s; latency batch64 median %.2f ms p90 %.2f ms,"
                        + " single %.3f ms; RSS %d MB (peak %d MB); JIT compiling %d ms; load %s%n",
                model, jobs, first.report().threads(), images, seconds, images / seconds,
                done.stream().map(j -> String.format(Locale.ROOT, "%.1f", j.result().trainSeconds())).toList(),
                accuracies, first.report().latencyBatch64().medianMs(), first.report().latencyBatch64().p90Ms(),
                first.report().latencySingle().medianMs(), status("VmRSS:"), status("VmHWM:"), compiling, loadAverage());
    }

    private static TrainConfig config(Dataset data, String model) {
        return TrainConfig.defaults(data.name(), model.equals("mlp512") ? ModelZoo.MLP : model);
    }

    /** One job's result and when its first and last training batches were reported (nanoTime). */
    private record Job(TrainResult result, long trainStart, long trainEnd) {}

    private static Job run(String model, Dataset data, TrainConfig d, int subset, int epochs, long seed) {
        TrainConfig config = new TrainConfig(d.dataset(), d.model(), epochs, d.batchSize(), d.learningRate(),
                d.optimizer(), d.momentum(), d.weightDecay(), subset, seed);
        long[] times = {Long.MAX_VALUE, 0};
        TrainListener listener = new TrainListener() {
            @Override
            public void progress(TrainProgress p) {
                if (TrainProgress.TRAINING.equals(p.phase())) {
                    long now = System.nanoTime();
                    // the first report comes after the first batch: count from the job's start of training
                    times[0] = Math.min(times[0], now);
                    times[1] = now;
                }
            }

            @Override
            public boolean cancelRequested() {
                return false;
            }
        };
        long start = System.nanoTime();
        Trainer trainer = new Trainer(DATASETS);
        TrainResult result = model.equals("mlp512")
                ? BenchAccess.train(trainer, config, data, BenchAccess.mlp(512, data), listener)
                : trainer.run(config, listener);
        // trainStart: end of training minus its measured duration, so the first batch counts
        long trainStart = times[1] - (long) (result.trainSeconds() * 1e9);
        return new Job(result, Math.max(start, trainStart), times[1]);
    }

    /** A line of /proc/self/status in MB (Linux), e.g. VmRSS (now) or VmHWM (peak); -1 elsewhere. */
    static long status(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: report nothing
        }
        return -1;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }
}
