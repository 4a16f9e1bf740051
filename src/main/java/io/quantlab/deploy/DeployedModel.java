package io.quantlab.deploy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.quantlab.train.LatencyStats;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;

/**
 * An ONNX file loaded into ONNX Runtime (see {@link OrtRuntime} for threads and optimization):
 * runs batches of images as the exported graphs take them (float pixels in [0, 1], NCHW), and
 * measures top-1 accuracy and latency. Not thread-safe for latency: {@link #latency} holds a
 * global lock so two measurements never share the cores.
 */
public final class DeployedModel implements AutoCloseable {

    /** Images per run when measuring accuracy. */
    static final int EVAL_BATCH = 256;
    private static final Object TIMING = new Object();

    private final OrtSession session;
    private final String input;
    private final long[] imageShape;

    private DeployedModel(OrtSession session) throws OrtException {
        this.session = session;
        this.input = session.getInputNames().iterator().next();
        long[] shape = ((TensorInfo) session.getInputInfo().get(input).getInfo()).getShape();
        this.imageShape = Arrays.copyOfRange(shape, 1, shape.length);
    }

    /** @throws IllegalArgumentException when ONNX Runtime cannot load {@code onnx} */
    public static DeployedModel load(byte[] onnx) {
        return load(onnx, null);
    }

    /** With ONNX Runtime's profiler writing to {@code profilePrefix} (null: no profiling). */
    static DeployedModel load(byte[] onnx, String profilePrefix) {
        try (OrtSession.SessionOptions options = OrtRuntime.sessionOptions()) {
            if (profilePrefix != null) {
                options.enableProfiling(profilePrefix);
            }
            return new DeployedModel(OrtRuntime.environment().createSession(onnx, options));
        } catch (OrtException e) {
            throw new IllegalArgumentException("ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
    }

    /** Stops the profiler and returns the path of its JSON trace. */
    String endProfiling() {
        try {
            return session.endProfiling();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Values per image, C·H·W. */
    public int imageSize() {
        return (int) Arrays.stream(imageShape).reduce(1, (a, b) -> a * b);
    }

    /** Output 0 (the main classifier) for {@code count} images laid out one after another: [count][classes]. */
    public float[][] run(float[] images, int count) {
        return runAll(images, count)[0];
    }

    /** Every output of the graph, in its order: [output][count][classes]. */
    public float[][][] runAll(float[] images, int count) {
        requireImages(images, count);
        long[] shape = new long[imageShape.length + 1];
        shape[0] = count;
        System.arraycopy(imageShape, 0, shape, 1, imageShape.length);
        try (OnnxTensor tensor = OnnxTensor.createTensor(OrtRuntime.environment(),
                FloatBuffer.wrap(images, 0, count * imageSize()), shape);
             OrtSession.Result result = session.run(Map.of(input, tensor))) {
            float[][][] outputs = new float[result.size()][][];
            for (int i = 0; i < result.size(); i++) {
                outputs[i] = (float[][]) result.get(i).getValue();
            }
            return outputs;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to run the model: " + e.getMessage(), e);
        }
    }

    /** The top-1 class of output 0 for each image. */
    public int[] predict(float[] images, int count) {
        float[][] logits = run(images, count);
        int[] classes = new int[count];
        for (int n = 0; n < count; n++) {
            classes[n] = argmax(logits[n]);
        }
        return classes;
    }

    /** Top-1 accuracy in percent of output 0 on {@code labels.length} images, in batches of {@value #EVAL_BATCH}. */
    public double accuracy(float[] images, int[] labels) {
        int size = imageSize();
        long correct = 0;
        for (int from = 0; from < labels.length; from += EVAL_BATCH) {
            int count = Math.min(EVAL_BATCH, labels.length - from);
            int[] predicted = predict(Arrays.copyOfRange(images, from * size, (from + count) * size), count);
            for (int i = 0; i < count; i++) {
                correct += predicted[i] == labels[from + i] ? 1 : 0;
            }
        }
        return labels.length == 0 ? 0 : 100.0 * correct / labels.length;
    }

    /**
     * Wall-clock milliseconds of one run on the first {@code count} images: {@code timedRuns}
     * runs after {@code warmUpRuns}, median and 90th percentile.
     */
    public LatencyStats latency(float[] images, int count, int warmUpRuns, int timedRuns) {
        float[] batch = Arrays.copyOf(requireImages(images, count), count * imageSize());
        double[] millis = new double[timedRuns];
        synchronized (TIMING) {
            for (int run = 0; run < warmUpRuns + timedRuns; run++) {
                long start = System.nanoTime();
                run(batch, count);
                if (run >= warmUpRuns) {
                    millis[run - warmUpRuns] = (System.nanoTime() - start) / 1e6;
                }
            }
        }
        return LatencyStats.of(millis);
    }

    /** Latency of a batch of {@value #BATCH} and of one image, with the threads they ran on. */
    public record Latencies(LatencyStats batch64, LatencyStats single, int threads) {}

    static final int BATCH = 64;
    static final int WARM_UP_RUNS = 10;
    static final int TIMED_BATCH_RUNS = 50;
    static final int TIMED_SINGLE_RUNS = 200;

    /**
     * Median and 90th percentile of {@value #TIMED_BATCH_RUNS} runs on the first {@value #BATCH}
     * of {@code images} and of {@value #TIMED_SINGLE_RUNS} runs on the first image, each after
     * {@value #WARM_UP_RUNS} warm-up runs, on {@link OrtRuntime#THREADS} threads.
     */
    public Latencies latencies(float[] images) {
        return new Latencies(latency(images, BATCH, WARM_UP_RUNS, TIMED_BATCH_RUNS),
                latency(images, 1, WARM_UP_RUNS, TIMED_SINGLE_RUNS), OrtRuntime.THREADS);
    }

    private float[] requireImages(float[] images, int count) {
        if (count < 1 || images.length < (long) count * imageSize()) {
            throw new IllegalArgumentException(count + " images need " + (long) count * imageSize()
                    + " values, got " + images.length);
        }
        return images;
    }

    public static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
