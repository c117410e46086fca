package dev.tributary.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The same broker as {@link KafkaBroker}, in a child JVM, so a test can kill it the hard way ({@link #kill()})
 * and bring it back on the same port and data ({@link #start()}). Killed at JVM exit.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    static final String READY_LINE = "tributary-kafka-ready ";

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final Map<String, String> brokerConfig;
    private final Path log;
    private Process process;

    public KafkaBrokerProcess(Path dataDir, Map<String, String> brokerConfig) {
        this.dataDir = dataDir;
        this.port = FreePorts.next();
        this.controllerPort = FreePorts.next();
        this.brokerConfig = Map.copyOf(brokerConfig);
        this.log = dataDir.resolve("broker.log");
        Runtime.getRuntime().addShutdownHook(new Thread(this::kill));
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker and waits until it serves requests. */
    public synchronized KafkaBrokerProcess start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), KafkaBroker.class.getName(),
                dataDir.toString(), String.valueOf(port), String.valueOf(controllerPort)));
        brokerConfig.forEach((k, v) -> command.add(k + "=" + v));
        try {
            Files.createDirectories(dataDir);
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Kafka broker process", e);
        }
        CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(this::copyOutputUntilReady);
        try {
            if (!ready.get(90, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Kafka broker process exited before it was ready; see " + log);
            }
        } catch (Exception e) {
            kill();
            throw new IllegalStateException("Kafka broker process did not start; see " + log, e);
        }
        return this;
    }

    /** Kills the broker process at once (SIGKILL), as a crash would. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    @Override
    public void close() {
        kill();
    }

    /** Copies the broker's output to its log until it says it is ready, then keeps copying in the background. */
    private boolean copyOutputUntilReady() {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = out.readLine()) != null) {
                append(line);
                if (line.startsWith(READY_LINE)) {
                    Thread drain = new Thread(() -> drain(out), "kafka-broker-log");
                    drain.setDaemon(true);
                    drain.start();
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private void append(String line) throws IOException {
        Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private void drain(BufferedReader out) {
        try {
            String line;
            while ((line = out.readLine()) != null) {
                append(line);
            }
            out.close();
        } catch (IOException ignored) {
            // the process ended
        }
    }
}
