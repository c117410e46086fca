package dev.tributary.runtime.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

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

    /** Environment variables that override the default timeouts, in whole seconds (1–3600). */
    public static final String HEADER_TIMEOUT_ENV = "TRIBUTARY_INGEST_HEADER_TIMEOUT_SECONDS";
    public static final String BODY_TIMEOUT_ENV = "TRIBUTARY_INGEST_BODY_TIMEOUT_SECONDS";
    public static final String IDLE_TIMEOUT_ENV = "TRIBUTARY_INGEST_IDLE_TIMEOUT_SECONDS";

    /** The defaults with the timeouts the environment sets; a value that is not 1–3600 seconds fails, naming it. */
    public static IngestSettings fromEnvironment(Map<String, String> env, Path secretsDir) {
        IngestSettings d = defaults(secretsDir);
        return d.withTimeouts(seconds(env, HEADER_TIMEOUT_ENV, d.headerTimeout),
                seconds(env, BODY_TIMEOUT_ENV, d.bodyTimeout), seconds(env, IDLE_TIMEOUT_ENV, d.idleTimeout));
    }

    private static Duration seconds(Map<String, String> env, String name, Duration otherwise) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            long n = Long.parseLong(value.trim());
            if (n >= 1 && n <= 3600) {
                return Duration.ofSeconds(n);
            }
        } catch (NumberFormatException e) {
            // the message below says what is expected
        }
        throw new IllegalArgumentException(name + "='" + value + "' is not a number of seconds from 1 to 3600:"
                + " unset it for the default (" + otherwise.toSeconds() + ")");
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
