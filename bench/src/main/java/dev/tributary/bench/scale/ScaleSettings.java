package dev.tributary.bench.scale;

import java.time.Duration;
import java.util.Properties;

/**
 * B5's settings, from system properties: {@code bench.pipelines} (1,000), {@code bench.idleSeconds} (300, the idle
 * window the issue asks for; shorter for a quick run), {@code bench.resyncSeconds} (60: the operator's resync period
 * and the naive controller's, so the idle window holds several), {@code bench.timeoutSeconds} (1,800: the most a
 * convergence may take before the run fails), {@code bench.naiveThreads} (4 reconcile threads).
 */
record ScaleSettings(int pipelines, Duration idle, Duration resync, Duration timeout, int naiveThreads,
        Duration settle) {

    ScaleSettings {
        if (pipelines < 1) {
            throw new IllegalArgumentException("bench.pipelines must be at least 1, not " + pipelines);
        }
        if (idle.isNegative() || idle.isZero()) {
            throw new IllegalArgumentException("bench.idleSeconds must be positive, not " + idle.toSeconds());
        }
    }

    static ScaleSettings from(Properties properties) {
        return new ScaleSettings(
                integer(properties, "bench.pipelines", 1000),
                Duration.ofSeconds(integer(properties, "bench.idleSeconds", 300)),
                Duration.ofSeconds(integer(properties, "bench.resyncSeconds", 60)),
                Duration.ofSeconds(integer(properties, "bench.timeoutSeconds", 1800)),
                integer(properties, "bench.naiveThreads", 4),
                Duration.ofSeconds(integer(properties, "bench.settleSeconds", 15)));
    }

    private static int integer(Properties properties, String name, int fallback) {
        String value = properties.getProperty(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
        }
    }
}
