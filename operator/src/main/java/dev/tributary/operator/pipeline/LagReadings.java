package dev.tributary.operator.pipeline;

import dev.tributary.api.v1alpha1.LagStatus;
import dev.tributary.operator.topic.admin.ConsumerLag;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code status.lag} from successive readings of a Pipeline's consumer group: records behind, and seconds to catch up
 * at the rate the committed offsets advanced. Offsets move only at checkpoints, so the rate spans the last two
 * readings whose positions differ, not the last two polls.
 */
final class LagReadings {

    private record Reading(Instant at, long position, double rate) {
    }

    private final Map<String, Reading> last = new ConcurrentHashMap<>();

    /** Empty when the group has committed nothing yet: a new Pipeline or an empty topic has no lag to report. */
    Optional<LagStatus> status(String pipelineUid, ConsumerLag lag, Instant now) {
        if (!lag.known()) {
            last.remove(pipelineUid);
            return Optional.empty();
        }
        Reading before = last.get(pipelineUid);
        Reading current = before;
        if (before == null) {
            current = new Reading(now, lag.committedPosition(), Double.NaN);
        } else if (lag.committedPosition() != before.position()) {
            double seconds = Duration.between(before.at(), now).toMillis() / 1000.0;
            double rate = seconds > 0 && lag.committedPosition() > before.position()
                    ? (lag.committedPosition() - before.position()) / seconds : Double.NaN;
            current = new Reading(now, lag.committedPosition(), rate);
        }
        last.put(pipelineUid, current);
        LagStatus status = new LagStatus();
        status.records = lag.records();
        if (lag.records() == 0) {
            status.seconds = 0.0;
        } else if (current.rate() > 0) {
            status.seconds = (double) Math.round(lag.records() / current.rate());
        }
        return Optional.of(status);
    }

    void forget(String pipelineUid) {
        last.remove(pipelineUid);
    }
}
