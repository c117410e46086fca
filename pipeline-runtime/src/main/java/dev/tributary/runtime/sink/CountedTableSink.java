package dev.tributary.runtime.sink;

import dev.tributary.runtime.Metrics;
import dev.tributary.runtime.commit.RecoveryAwareKafkaSink;
import dev.tributary.runtime.deadletter.DeadLetter;
import dev.tributary.runtime.webhook.WebhookTableSink;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.ProviderContext;
import org.apache.flink.table.connector.sink.DataStreamSinkProvider;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkV2Provider;
import org.apache.flink.table.connector.sink.legacy.SinkFunctionProvider;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sink that guards and counts the records it hands to the sink it wraps: a chained {@link GuardRows} (rows that do
 * not fit the declared column types become dead letters) and a pass-through counter in front of the wrapped
 * connector's runtime (a Sink V2, a DataStream topology, or a legacy sink function). A webhook runs as
 * {@link dev.tributary.runtime.webhook.WebhookDelivery}, whose undeliverable rows join the guard's dead letters. The
 * sink's dead letters go to the pipeline's dead-letter topic through their own producer. Every operator gets a fixed
 * id from the sink's name, so savepoints map back onto them whatever else changes.
 */
final class CountedTableSink implements DynamicTableSink {

    private static final Logger LOG = LoggerFactory.getLogger(CountedTableSink.class);

    private final String sinkName;
    private final DynamicTableSink delegate;
    private final RowType rowType;
    private final SinkGuard guard;
    private final SinkDeadLetters deadLetters;

    /**
     * @param rowType the rows as the planner hands them (the relaxed types)
     * @param deadLetters where rejected rows go; null only where nothing can be rejected (then a rejection fails)
     */
    CountedTableSink(String sinkName, DynamicTableSink delegate, RowType rowType, SinkGuard guard,
            SinkDeadLetters deadLetters) {
        this.sinkName = sinkName;
        this.delegate = delegate;
        this.rowType = rowType;
        this.guard = guard;
        this.deadLetters = deadLetters;
    }

    @Override
    public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
        return delegate.getChangelogMode(requestedMode);
    }

    @Override
    public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
        if (delegate instanceof WebhookTableSink webhook && deadLetters != null) {
            return provider(Optional.empty(), (rows, providerContext) -> new Written(null,
                    rows.process(webhook.delivery(context)).returns(TypeInformation.of(DeadLetter.class))
                            .name(sinkName).uid("sink-" + sinkName)));
        }
        SinkRuntimeProvider inner = delegate.getSinkRuntimeProvider(context);
        Optional<Integer> parallelism = inner instanceof org.apache.flink.table.connector.ParallelismProvider p
                ? p.getParallelism() : Optional.empty();
        if (!(inner instanceof SinkV2Provider) && !(inner instanceof DataStreamSinkProvider)
                && !(inner instanceof SinkFunctionProvider)) {
            // Another kind of runtime (an output format, say) still writes, unguarded: the relaxed column types mean
            // the planner cuts nothing; only the records-out metric and the dead letters are missing.
            LOG.warn("Sink '{}': its connector's runtime {} is not one Tributary can count or guard; it runs"
                    + " uncounted", sinkName, inner.getClass().getName());
            return inner;
        }
        return provider(parallelism, (counted, providerContext) -> {
            DataStreamSink<?> sink;
            if (inner instanceof SinkV2Provider v2) {
                sink = counted.sinkTo(RecoveryAwareKafkaSink.wrapIfKafka(PlainTopicRecords.simplify(v2.createSink()))).name(sinkName)
                        .uid("sink-" + sinkName);
            } else if (inner instanceof SinkFunctionProvider function) {
                sink = counted.addSink(function.createSinkFunction()).name(sinkName).uid("sink-" + sinkName);
            } else {
                return new Written(((DataStreamSinkProvider) inner).consumeDataStream(providerContext, counted), null);
            }
            parallelism.ifPresent(sink::setParallelism);
            return new Written(sink, null);
        });
    }

    /** What the wrapped sink made of the rows: its sink, or the rows it could not write (a webhook's). */
    private record Written(DataStreamSink<?> sink, DataStream<DeadLetter> undelivered) {
    }

    @FunctionalInterface
    private interface Writing {
        Written write(DataStream<RowData> rows, ProviderContext context);
    }

    private DataStreamSinkProvider provider(Optional<Integer> parallelism, Writing writing) {
        return new DataStreamSinkProvider() {
            @Override
            public DataStreamSink<?> consumeDataStream(ProviderContext providerContext, DataStream<RowData> rows) {
                SingleOutputStreamOperator<RowData> guarded = rows
                        .process(new GuardRows(sinkName, guard, rowType, deadLetters != null))
                        .returns(rows.getType())
                        .name("guard: " + sinkName)
                        .uid("sink-guard-" + sinkName);
                parallelism.ifPresent(guarded::setParallelism);
                SingleOutputStreamOperator<RowData> counted = guarded.map(new CountRecords(sinkName))
                        .returns(rows.getType())
                        .name("count: " + sinkName)
                        .uid("sink-count-" + sinkName);
                parallelism.ifPresent(counted::setParallelism);
                Written written = writing.write(counted, providerContext);
                if (deadLetters == null) {
                    // GuardRows fails rather than reject a row, so there is nothing to send anywhere
                    return written.sink();
                }
                DataStream<DeadLetter> rejected = guarded.getSideOutput(GuardRows.REJECTED);
                DataStreamSink<DeadLetter> deadLetterSink = deadLetters.attach(
                        written.undelivered() == null ? rejected : rejected.union(written.undelivered()), sinkName,
                        written.sink() != null);
                return written.sink() != null ? written.sink() : deadLetterSink;
            }

            @Override
            public Optional<Integer> getParallelism() {
                return parallelism;
            }
        };
    }

    @Override
    public DynamicTableSink copy() {
        return new CountedTableSink(sinkName, delegate.copy(), rowType, guard, deadLetters);
    }

    @Override
    public String asSummaryString() {
        return delegate.asSummaryString();
    }

    /** Counts and passes on; chained to its input, so it costs a counter increment per record. */
    static final class CountRecords extends RichMapFunction<RowData, RowData> {

        private final String sinkName;
        private transient Counter recordsOut;

        CountRecords(String sinkName) {
            this.sinkName = sinkName;
        }

        @Override
        public void open(OpenContext openContext) {
            recordsOut = Metrics.sinkGroup(getRuntimeContext().getMetricGroup(), sinkName).counter(Metrics.RECORDS_OUT);
        }

        @Override
        public RowData map(RowData row) {
            recordsOut.inc();
            return row;
        }
    }
}
