package io.quantlab.bench;

import io.quantlab.Json;
import io.quantlab.data.Dataset;
import io.quantlab.data.Datasets;
import io.quantlab.deploy.ModelQuantization;
import io.quantlab.deploy.TrainedParameters;
import io.quantlab.model.ModelSpec;
import io.quantlab.ptq.Calibration;
import io.quantlab.ptq.PtqAnalysis;
import io.quantlab.ptq.PtqConfig;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Seconds of the PTQ result page's analysis ({@link PtqAnalysis}) on one trained model, static
 * W8A8 per-channel (the defaults) and W2A8, for a few sensitivity image counts; median of
 * {@code repeats} runs after one warm-up. Printed, not asserted. Skipped unless asked for:
 * <pre>
 * mvn -B -o test -Dtest='PtqAnalysisBenchmark' -Dquantlab.bench=true \
 *     -Dquantlab.bench.model=small-cnn -Dquantlab.bench.subset=20000
 * </pre>
 */
@Tag("bench")
@EnabledIfSystemProperty(named = "quantlab.bench", matches = "true")
class PtqAnalysisBenchmark {

    private static final Datasets DATASETS = new Datasets();
    /** CPU seconds of every thread of this JVM (libtorch's workers included): the work, whatever else shares the cores. */
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    @Test
    void secondsOfTheAnalysis() {
        int repeats = Integer.getInteger("quantlab.bench.repeats", 5);
        PtqBenchModel trained = PtqBenchModel.train(DATASETS);
        Dataset data = trained.data();
        ModelSpec spec = trained.spec();
        TrainedParameters parameters = trained.parameters();
        Map<String, PtqConfig> settings = new LinkedHashMap<>();
        settings.put("W8A8", PtqConfig.defaults());
        settings.put("W2A8", PtqConfig.of(Map.of("weightBits", 2)));
        for (Map.Entry<String, PtqConfig> setting : settings.entrySet()) {
            ModelQuantization quantization = Calibration.run(spec, parameters, data, setting.getValue()).quantization();
            PtqAnalysis.run(spec, parameters, quantization, data, setting.getValue());
            for (int images : new int[] {250, PtqAnalysis.SENSITIVITY_IMAGES, 1000}) {
                double[] seconds = new double[repeats];
                double[] cpu = new double[repeats];
                PtqAnalysis analysis = null;
                for (int r = 0; r < repeats; r++) {
                    long cpuBefore = PROCESS.getProcessCpuTime();
                    analysis = PtqAnalysis.run(spec, parameters, quantization, data, setting.getValue(),
                            PtqAnalysis.ERROR_IMAGES, images);
                    cpu[r] = (PROCESS.getProcessCpuTime() - cpuBefore) / 1e9;
                    seconds[r] = analysis.seconds();
                }
                Arrays.sort(seconds);
                Arrays.sort(cpu);
                System.out.printf(Locale.ROOT, "BENCH %s %s: SQNR on %d images, sensitivity on %d: median %.3f s"
                                + " (min %.3f, max %.3f), process CPU median %.3f s%n", trained.name(), setting.getKey(),
                        PtqAnalysis.ERROR_IMAGES, images, seconds[repeats / 2], seconds[0], seconds[repeats - 1],
                        cpu[repeats / 2]);
                if (images == PtqAnalysis.SENSITIVITY_IMAGES) {
                    System.out.println("BENCH sensitivity " + analysis.sensitivity());
                    System.out.println("BENCH errors " + analysis.layerErrors());
                    System.out.println("BENCH JSON bytes " + Json.write(analysis).length());
                }
            }
        }
    }
}
