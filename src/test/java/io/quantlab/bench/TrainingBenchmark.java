package io.quantlab.bench;

import io.quantlab.data.Datasets;
import io.quantlab.train.TrainConfig;
import io.quantlab.train.TrainProgress;
import io.quantlab.train.TrainListener;
import io.quantlab.train.TrainResult;
import io.quantlab.train.Trainer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One full epoch on the installed data set, printed, not asserted. Skipped unless asked for:
 * {@code mvn -B -o test -Dtest='io.quantlab.bench.**' -Dquantlab.bench=true}
 * (add {@code -Dquantlab.bench.models=mlp} to pick models, default both;
 * {@code -Dquantlab.bench.subset=6000} for fewer training images, default all;
 * {@code -Dquantlab.bench.epochs=3} for more epochs, default 1; {@code -Dquantlab.bench.dataset=synthetic}).
 */
@Tag("bench")
@EnabledIfSystemProperty(named = "quantlab.bench", matches = "true")
class TrainingBenchmark {

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "small-cnn"})
    void oneEpochOnFashionMnist(String model) {
        String wanted = System.getProperty("quantlab.bench.models", "mlp,small-cnn");
        if (!wanted.contains(model)) {
            return;
        }
        String dataset = System.getProperty("quantlab.bench.dataset", "fashion-mnist");
        TrainConfig d = TrainConfig.defaults(dataset, model);
        int subset = Integer.getInteger("quantlab.bench.subset", d.trainSubset());
        int epochs = Integer.getInteger("quantlab.bench.epochs", d.epochs());
        TrainConfig config = new TrainConfig(d.dataset(), d.model(), epochs, d.batchSize(), d.learningRate(),
                d.optimizer(), d.momentum(), d.weightDecay(), subset, d.seed());
        long start = System.nanoTime();
        TrainResult r = new Trainer(new Datasets()).run(config, new TrainListener() {
            long lastPrint = System.nanoTime();

            @Override
            public void progress(TrainProgress p) {
                long now = System.nanoTime();
                if (now - lastPrint > 2_000_000_000L || p.step() == p.steps()) {
                    lastPrint = now;
                    System.out.printf("  %s %d/%d loss %.4f acc %.2f, RSS %d MB (heap committed %d MB, direct buffers %d MB)%n",
                            p.phase(), p.step(), p.steps(), p.loss(), p.accuracy(), residentMegabytes(),
                            Runtime.getRuntime().totalMemory() >> 20, directMegabytes());
                }
            }

            @Override
            public boolean cancelRequested() {
                return false;
            }
        });
        double wall = (System.nanoTime() - start) / 1e9;
        System.out.printf("BENCH %s on %s (%d images), %d epoch(s) batch 64 adam lr 1e-3: train %.1f s (job wall %.1f s),"
                        + " test accuracy %.2f%%, latency batch64 %.2f ms, single %.3f ms, %d parameters, %d bytes%n",
                model, dataset, subset, epochs, r.trainSeconds(), wall, r.testAccuracy(), r.latencyMsBatch64(), r.latencyMsSingle(),
                r.parameters(), r.sizeBytes());
    }

    private static long directMegabytes() {
        return java.lang.management.ManagementFactory.getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class)
                .stream().filter(b -> b.getName().equals("direct")).mapToLong(b -> b.getMemoryUsed() >> 20).sum();
    }

    /** Resident set size of this JVM, native memory included (Linux). */
    private static long residentMegabytes() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            // not Linux: report nothing
        }
        return -1;
    }
}
