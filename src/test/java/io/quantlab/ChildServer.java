package io.quantlab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real QuantLab in a child JVM ({@code io.quantlab.Main} on the test classpath), so a test can
 * stop it as an operating system does: {@link #kill()} (SIGKILL, as {@code kill -9}) or
 * {@link #stop()} (SIGTERM). Its output goes to a log file in its home.
 */
public final class ChildServer implements AutoCloseable {
    private static final Pattern RUNNING_AT = Pattern.compile("QuantLab is running at http://localhost:(\\d+)/");
    private static final Duration START_LIMIT = Duration.ofMinutes(2);

    private final Process process;
    private final Path log;
    private final int port;

    private ChildServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts a server on {@code home} with {@code workers} job threads and waits until it answers. */
    public static ChildServer start(Path home, int workers) throws IOException, InterruptedException {
        Path log = Files.createTempFile(home.getParent(), home.getFileName() + "-server-", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx1g", "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=1", "-cp", System.getProperty("java.class.path"), Main.class.getName()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(TestServer.settings(home, workers, Map.of()));
        Process process = builder.start();
        Instant deadline = Instant.now().plus(START_LIMIT);
        while (Instant.now().isBefore(deadline)) {
            Matcher m = RUNNING_AT.matcher(Files.readString(log));
            if (m.find()) {
                return new ChildServer(process, log, Integer.parseInt(m.group(1)));
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        process.destroyForcibly().waitFor();
        throw new AssertionError("the child server did not start:\n" + Files.readString(log));
    }

    public String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** SIGKILL: the server gets no chance to clean up, as after {@code kill -9} or a power cut. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM, as a service manager stops it; returns its exit code once it has exited. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
            throw new AssertionError("the server did not exit within a minute of SIGTERM:\n" + output());
        }
        return process.exitValue();
    }

    /** What the server printed so far. */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
