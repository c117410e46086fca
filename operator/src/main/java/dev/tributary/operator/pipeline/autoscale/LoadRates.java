package dev.tributary.operator.pipeline.autoscale;

import dev.tributary.operator.topic.admin.ConsumerLag;
import java.time.Duration;
import java.time.Instant;

/**
 * Input and processing rates of one Pipeline from successive readings of its consumer group: how fast the ends of
 * the source partitions grow, and how fast the committed offsets follow. Committed offsets move only at checkpoints,
 * so rates span a window of several checkpoints; between windows the last rates stand.
 */
final class LoadRates {

    private record Reading(Instant at, long committed, long end) {
    }

    private final Duration window;
    private Reading anchor;
    private double inputRate = Double.NaN;
    private double processedRate = Double.NaN;

    LoadRates(Duration window) {
        this.window = window;
    }

    synchronized void observe(ConsumerLag lag, Instant now) {
        Reading current = new Reading(now, lag.committedPosition(), lag.committedPosition() + lag.records());
        if (anchor == null || current.committed() < anchor.committed() || current.end() < anchor.end()) {
            anchor = current; // first reading, or offsets went back (topic recreated): start over
            return;
        }
        double seconds = Duration.between(anchor.at(), now).toMillis() / 1000.0;
        if (seconds * 1000 < window.toMillis()) {
            return;
        }
        inputRate = (current.end() - anchor.end()) / seconds;
        processedRate = (current.committed() - anchor.committed()) / seconds;
        anchor = current;
    }

    synchronized double inputRate() {
        return inputRate;
    }

    synchronized double processedRate() {
        return processedRate;
    }

    synchronized boolean known() {
        return !Double.isNaN(processedRate);
    }
}
