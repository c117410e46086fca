package dev.tributary.runtime.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.api.common.io.OutputFormat;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.sink.DataStreamSinkProvider;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.OutputFormatProvider;
import org.apache.flink.table.connector.sink.SinkV2Provider;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.RowType;
import org.junit.jupiter.api.Test;

/** Which connector runtimes get a records-out counter in front, and that the others still write. */
class CountedTableSinkTest {

    private static final RowType ROW = RowType.of(new BigIntType());

    @Test
    void aSinkV2RuntimeIsWrappedWithTheCounter() {
        DynamicTableSink.SinkRuntimeProvider inner = SinkV2Provider.of(new org.apache.flink.streaming.api.functions
                .sink.v2.DiscardingSink<RowData>());
        assertThat(new CountedTableSink("out", delegate(inner), ROW, new SinkGuard(List.of()), null).getSinkRuntimeProvider(null))
                .isInstanceOf(DataStreamSinkProvider.class).isNotSameAs(inner);
    }

    @Test
    void aRuntimeItCannotCountStillWritesUncountedInsteadOfFailingThePipeline() {
        DynamicTableSink.SinkRuntimeProvider inner = OutputFormatProvider.of(new NoOutput());
        assertThat(new CountedTableSink("out", delegate(inner), ROW, new SinkGuard(List.of()), null).getSinkRuntimeProvider(null)).isSameAs(inner);
    }

    private static DynamicTableSink delegate(DynamicTableSink.SinkRuntimeProvider provider) {
        return new DynamicTableSink() {
            @Override
            public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
                return ChangelogMode.insertOnly();
            }

            @Override
            public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
                return provider;
            }

            @Override
            public DynamicTableSink copy() {
                return this;
            }

            @Override
            public String asSummaryString() {
                return "test";
            }
        };
    }

    private static final class NoOutput implements OutputFormat<RowData> {
        @Override
        public void configure(Configuration parameters) {
        }

        @Override
        public void open(InitializationContext context) {
        }

        @Override
        public void writeRecord(RowData record) {
        }

        @Override
        public void close() {
        }
    }
}
