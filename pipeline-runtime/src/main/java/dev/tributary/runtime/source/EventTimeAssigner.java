package dev.tributary.runtime.source;

import dev.tributary.runtime.deadletter.DeadLetter;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.table.data.RowData;
import org.apache.flink.types.Either;

/**
 * The event time of a good record is its event-time column; a dead letter has none ({@link Long#MIN_VALUE}), so it
 * never moves the watermark.
 */
final class EventTimeAssigner implements SerializableTimestampAssigner<Either<RowData, DeadLetter>> {

    private final int index;
    private final int precision;

    EventTimeAssigner(int index, int precision) {
        this.index = index;
        this.precision = precision;
    }

    @Override
    public long extractTimestamp(Either<RowData, DeadLetter> element, long recordTimestamp) {
        if (element.isRight()) {
            return Long.MIN_VALUE;
        }
        return element.left().getTimestamp(index, precision).getMillisecond();
    }
}
