package dev.tributary.runtime.sink;

import dev.tributary.runtime.Metrics;
import dev.tributary.runtime.deadletter.DeadLetter;
import dev.tributary.runtime.deadletter.DeadLetterCounters;
import dev.tributary.runtime.deadletter.DeadLetterKind;
import dev.tributary.runtime.deadletter.RowJson;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;

import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Runs a sink's {@link SinkGuard} on each row before the sink: a row that fits goes on; one that does not goes to the
 * {@link #REJECTED} side output as a dead letter (the row as JSON, the sink, the column and why) and is counted in
 * the sink's {@code deadLetters}. Chained to its input, so a row that fits costs the checks and nothing more.
 */
final class GuardRows extends ProcessFunction<RowData, RowData> {

    static final OutputTag<DeadLetter> REJECTED = new OutputTag<>("sink-dead-letters",
            TypeInformation.of(DeadLetter.class));

    private final String sinkName;
    private final SinkGuard guard;
    private final SerializationSchema<RowData> json;
    private final boolean canDeadLetter;
    private transient DeadLetterCounters deadLetters;

    GuardRows(String sinkName, SinkGuard guard, RowType rowType, boolean canDeadLetter) {
        this.sinkName = sinkName;
        this.guard = guard;
        this.json = RowJson.of(rowType);
        this.canDeadLetter = canDeadLetter;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        json.open(null);
        deadLetters = DeadLetterCounters.register(Metrics.sinkGroup(getRuntimeContext().getMetricGroup(), sinkName),
                List.of(DeadLetterKind.CONSTRAINT));
    }

    @Override
    public void processElement(RowData row, Context context, Collector<RowData> out) {
        Optional<SinkGuard.Violation> violation = guard.check(row);
        if (violation.isEmpty()) {
            out.collect(row);
            return;
        }
        if (!canDeadLetter) {
            throw new IllegalStateException("sink '" + sinkName + "': " + violation.get().message()
                    + ", and there is no dead-letter topic to send the row to");
        }
        DeadLetter d = new DeadLetter();
        d.sink = sinkName;
        d.column = violation.get().column();
        d.error = violation.get().message();
        d.kind = DeadLetterKind.CONSTRAINT;
        d.value = json.serialize(row);
        d.partition = -1;
        d.offset = -1;
        d.timestamp = -1;
        deadLetters.inc(d.kind);
        context.output(REJECTED, d);
    }
}
