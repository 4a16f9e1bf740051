package io.quantlab.deploy;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;

/**
 * The one ONNX Runtime environment of this JVM, with one global pool of {@link #THREADS} intra-op
 * threads that every session shares ({@code disablePerSessionThreads}): sessions each with their
 * own pool fight over the cores (STACK.md). Graph optimization is at level ALL, so QDQ groups
 * become integer kernels.
 */
public final class OrtRuntime {

    /** Intra-op threads of the shared pool: every core, at most 4 (2 on the course machines). */
    public static final int THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    private static OrtEnvironment environment;

    private OrtRuntime() {}

    /** The environment, created on first use (also by {@code system/Health}, so its settings hold everywhere). */
    public static synchronized OrtEnvironment environment() {
        if (environment == null) {
            try (OrtEnvironment.ThreadingOptions threads = new OrtEnvironment.ThreadingOptions()) {
                threads.setGlobalIntraOpNumThreads(THREADS);
                threads.setGlobalInterOpNumThreads(1);
                environment = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "quantlab", threads);
            } catch (OrtException e) {
                throw new IllegalStateException("ONNX Runtime did not start: " + e.getMessage(), e);
            }
        }
        return environment;
    }

    /** Options of every session: the shared pool, sequential execution, all graph optimizations. */
    static OrtSession.SessionOptions sessionOptions() throws OrtException {
        environment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.disablePerSessionThreads();
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        return options;
    }
}
