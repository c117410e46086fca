package dev.tributary.runtime.ingest;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the ingest server listens, beyond what the plan says: the address and ports (records; health and metrics),
 * how long a client may take to send a request's headers and its body (slower clients are cut off: slow-loris
 * protection), how long a connection on which nothing moves stays open (longer than the producer's 30-second
 * delivery timeout, so a request waiting for Kafka is not cut), the Idempotency-Key window, and where Secrets are
 * mounted.
 */
public record IngestSettings(String host, int port, int managementPort, Duration headerTimeout, Duration bodyTimeout,
        Duration idleTimeout, Duration idempotencyWindow, int maxIdempotencyKeys, Path secretsDir) {

    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MANAGEMENT_PORT = 8081;

    public static IngestSettings defaults(Path secretsDir) {
        return new IngestSettings("0.0.0.0", DEFAULT_PORT, DEFAULT_MANAGEMENT_PORT, Duration.ofSeconds(10),
                Duration.ofSeconds(30), Duration.ofSeconds(40), Duration.ofMinutes(10), 100_000, secretsDir);
    }

    public IngestSettings on(String host, int port, int managementPort) {
        return new IngestSettings(host, port, managementPort, headerTimeout, bodyTimeout, idleTimeout,
                idempotencyWindow, maxIdempotencyKeys, secretsDir);
    }

    public IngestSettings withTimeouts(Duration header, Duration body, Duration idle) {
        return new IngestSettings(host, port, managementPort, header, body, idle, idempotencyWindow,
                maxIdempotencyKeys, secretsDir);
    }
}
