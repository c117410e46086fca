package dev.tributary.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The same broker as {@link KafkaBroker}, in a child JVM ({@link ChildJvm}), so a test can kill it the hard way
 * ({@link #kill()}) and bring it back on the same port and data ({@link #start()}). Killed at JVM exit.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    static final String READY_LINE = "tributary-kafka-ready ";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final Map<String, String> brokerConfig;
    private final Path log;
    private ChildProcess process;

    public KafkaBrokerProcess(Path dataDir, Map<String, String> brokerConfig) {
        this.dataDir = dataDir;
        this.port = FreePorts.next();
        this.controllerPort = FreePorts.next();
        this.brokerConfig = Map.copyOf(brokerConfig);
        this.log = dataDir.resolve("broker.log");
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker and waits until it serves requests. */
    public synchronized KafkaBrokerProcess start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        List<String> args = new ArrayList<>(List.of(dataDir.toString(), String.valueOf(port),
                String.valueOf(controllerPort)));
        brokerConfig.forEach((k, v) -> args.add(k + "=" + v));
        process = ChildJvm.launch("Kafka broker process", KafkaBroker.class.getName(), List.of("-Xmx512m"), args)
                .appendTo(log).start();
        try {
            process.awaitOutput(READY_LINE, READY_TIMEOUT);
        } catch (IllegalStateException e) {
            kill();
            throw e;
        }
        return this;
    }

    /** Kills the broker process at once (SIGKILL), as a crash would. */
    public synchronized void kill() {
        if (process != null) {
            process.kill();
            process = null;
        }
    }

    @Override
    public void close() {
        kill();
    }
}
