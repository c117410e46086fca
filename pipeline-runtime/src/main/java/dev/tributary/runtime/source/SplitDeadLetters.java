package dev.tributary.runtime.source;

import dev.tributary.runtime.Metrics;
import dev.tributary.runtime.deadletter.DeadLetter;
import dev.tributary.runtime.deadletter.DeadLetterCounters;
import dev.tributary.runtime.deadletter.DeadLetterKind;
import dev.tributary.runtime.deadletter.DeadLetterFit;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Sends good rows on and dead letters to a side output (cut to fit the dead-letter topic, {@link DeadLetterFit}), and
 * counts per source: records read, dead letters, dead letters that had to be cut, and
 * records already behind the watermark when they arrive (late); it also exposes the event-time lag, the distance
 * between processing time and the watermark. Chained to the Kafka source, so no record is serialized in between.
 */
public final class SplitDeadLetters extends ProcessFunction<Either<RowData, DeadLetter>, RowData> {

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {
    };

    private final String source;
    private final boolean eventTime;
    private final DeadLetterFit fit;
    private transient Counter recordsIn;
    private transient DeadLetterCounters deadLetters;
    private transient Counter deadLettersCut;
    private transient Counter lateRecords;
    private transient volatile long watermark;

    /** @param fit cuts a dead letter the dead-letter topic could not take */
    public SplitDeadLetters(String source, boolean eventTime, DeadLetterFit fit) {
        this.source = source;
        this.eventTime = eventTime;
        this.fit = fit;
    }

    @Override
    public void open(OpenContext openContext) {
        MetricGroup group = Metrics.sourceGroup(getRuntimeContext().getMetricGroup(), source);
        recordsIn = group.counter(Metrics.RECORDS_IN);
        deadLetters = DeadLetterCounters.register(group, DeadLetterKind.OF_SOURCES);
        deadLettersCut = group.counter(Metrics.DEAD_LETTERS_TRUNCATED);
        lateRecords = group.counter(Metrics.LATE_RECORDS);
        watermark = Long.MIN_VALUE;
        if (eventTime) {
            group.gauge(Metrics.WATERMARK_LAG, () -> {
                long w = watermark;
                return w == Long.MIN_VALUE ? -1L : Math.max(0L, System.currentTimeMillis() - w);
            });
        }
    }

    @Override
    public void processElement(Either<RowData, DeadLetter> value, Context ctx, Collector<RowData> out) {
        if (value.isRight()) {
            DeadLetter d = value.right();
            if (d.kind != DeadLetterKind.QUERY) {
                // a query dead letter was counted in already, as the good row the query then failed on
                recordsIn.inc();
            }
            deadLetters.inc(d.kind);
            if (fit.fit(d)) {
                deadLettersCut.inc();
            }
            ctx.output(DEAD_LETTERS, d);
            return;
        }
        recordsIn.inc();
        if (eventTime) {
            long w = ctx.timerService().currentWatermark();
            watermark = w;
            Long ts = ctx.timestamp();
            if (ts != null && w != Long.MIN_VALUE && ts <= w) {
                lateRecords.inc();
            }
        }
        out.collect(value.left());
    }
}
