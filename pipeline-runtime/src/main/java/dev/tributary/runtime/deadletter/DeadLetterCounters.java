package dev.tributary.runtime.deadletter;

import dev.tributary.runtime.Metrics;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The dead-letter counters of one source or sink: the total ({@code deadLetters}) and one per error kind
 * ({@code error_kind_deadLetters{error_kind="…"}}), the kinds it can produce registered at 0 so a dashboard shows
 * them before the first bad record.
 */
public final class DeadLetterCounters {

    private final Counter total;
    private final Map<DeadLetterKind, Counter> byKind = new EnumMap<>(DeadLetterKind.class);

    private DeadLetterCounters(Counter total) {
        this.total = total;
    }

    /** @param group the source's or sink's group ({@link Metrics#sourceGroup}, {@link Metrics#sinkGroup}) */
    public static DeadLetterCounters register(MetricGroup group, List<DeadLetterKind> kinds) {
        DeadLetterCounters counters = new DeadLetterCounters(group.counter(Metrics.DEAD_LETTERS));
        for (DeadLetterKind kind : kinds) {
            counters.byKind.put(kind, group.addGroup(Metrics.ERROR_KIND, kind.label()).counter(Metrics.DEAD_LETTERS));
        }
        return counters;
    }

    public void inc(DeadLetterKind kind) {
        total.inc();
        Counter counter = byKind.get(kind);
        if (counter == null) {
            throw new IllegalArgumentException("no dead-letter counter of kind " + kind + "; registered: "
                    + byKind.keySet());
        }
        counter.inc();
    }
}
