package dev.tributary.runtime.sink;

import dev.tributary.runtime.Metrics;
import dev.tributary.runtime.commit.RecoveryAwareKafkaSink;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sink that counts the records it hands to the sink it wraps: a chained, pass-through map in front of the
 * wrapped connector's runtime (a Sink V2, a DataStream topology, or a legacy sink function). The map and the sink get
 * fixed operator ids from the sink's name, so savepoints map back onto them whatever else changes.
 */
final class CountedTableSink implements DynamicTableSink {

    private static final Logger LOG = LoggerFactory.getLogger(CountedTableSink.class);

    private final String sinkName;
    private final DynamicTableSink delegate;

    CountedTableSink(String sinkName, DynamicTableSink delegate) {
        this.sinkName = sinkName;
        this.delegate = delegate;
    }

    @Override
    public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
        return delegate.getChangelogMode(requestedMode);
    }

    @Override
    public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
        SinkRuntimeProvider inner = delegate.getSinkRuntimeProvider(context);
        Optional<Integer> parallelism = inner instanceof org.apache.flink.table.connector.ParallelismProvider p
                ? p.getParallelism() : Optional.empty();
        if (!(inner instanceof SinkV2Provider) && !(inner instanceof DataStreamSinkProvider)
                && !(inner instanceof SinkFunctionProvider)) {
            // Another kind of runtime (an output format, say) still writes; only its records-out metric is missing.
            LOG.warn("Sink '{}': its connector's runtime {} is not one Tributary can count; it runs uncounted",
                    sinkName, inner.getClass().getName());
            return inner;
        }
        return new DataStreamSinkProvider() {
            @Override
            public DataStreamSink<?> consumeDataStream(ProviderContext providerContext, DataStream<RowData> rows) {
                SingleOutputStreamOperator<RowData> counted = rows.map(new CountRecords(sinkName))
                        .returns(rows.getType())
                        .name("count: " + sinkName)
                        .uid("sink-count-" + sinkName);
                parallelism.ifPresent(counted::setParallelism);
                DataStreamSink<?> sink;
                if (inner instanceof SinkV2Provider v2) {
                    sink = counted.sinkTo(RecoveryAwareKafkaSink.wrapIfKafka(v2.createSink())).name(sinkName)
                            .uid("sink-" + sinkName);
                } else if (inner instanceof SinkFunctionProvider function) {
                    sink = counted.addSink(function.createSinkFunction()).name(sinkName).uid("sink-" + sinkName);
                } else {
                    return ((DataStreamSinkProvider) inner).consumeDataStream(providerContext, counted);
                }
                parallelism.ifPresent(sink::setParallelism);
                return sink;
            }

            @Override
            public Optional<Integer> getParallelism() {
                return parallelism;
            }
        };
    }

    @Override
    public DynamicTableSink copy() {
        return new CountedTableSink(sinkName, delegate.copy());
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
