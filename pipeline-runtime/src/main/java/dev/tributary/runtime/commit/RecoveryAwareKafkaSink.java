package dev.tributary.runtime.commit;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Properties;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaWriterState;
import org.apache.flink.connector.kafka.sink.TwoPhaseCommittingStatefulSink;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.SupportsPostCommitTopology;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.lineage.LineageVertex;
import org.apache.flink.streaming.api.lineage.LineageVertexProvider;

/**
 * A {@link KafkaSink} whose committer is a {@link RecoveryAwareCommitter}; everything else (writer, state, serializers,
 * topology) is the Kafka sink's own, so savepoints and operator ids stay the same.
 */
public final class RecoveryAwareKafkaSink<IN> implements TwoPhaseCommittingStatefulSink<IN, KafkaWriterState,
        KafkaCommittable>, SupportsPostCommitTopology<KafkaCommittable>, LineageVertexProvider {

    private static final long serialVersionUID = 1L;

    private final KafkaSink<IN> delegate;
    private final Properties kafka;

    private RecoveryAwareKafkaSink(KafkaSink<IN> delegate, Properties kafka) {
        this.delegate = delegate;
        this.kafka = kafka;
    }

    public static <IN> RecoveryAwareKafkaSink<IN> of(KafkaSink<IN> sink) {
        return new RecoveryAwareKafkaSink<>(sink, producerConfig(sink));
    }

    /** A Kafka sink wrapped; any other sink as it is. */
    @SuppressWarnings("unchecked")
    public static <IN> Sink<IN> wrapIfKafka(Sink<IN> sink) {
        return sink instanceof KafkaSink<?> kafkaSink ? of((KafkaSink<IN>) kafkaSink) : sink;
    }

    /** The Kafka sink this one wraps. */
    public KafkaSink<IN> kafkaSink() {
        return delegate;
    }

    private static Properties producerConfig(KafkaSink<?> sink) {
        try {
            Method m = KafkaSink.class.getDeclaredMethod("getKafkaProducerConfig");
            m.setAccessible(true);
            return (Properties) m.invoke(sink);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the Kafka sink's producer configuration", e);
        }
    }

    @Override
    public Committer<KafkaCommittable> createCommitter(CommitterInitContext context) throws IOException {
        return new RecoveryAwareCommitter(delegate.createCommitter(context), new KafkaTransactions.FromCluster(kafka));
    }

    @Override
    public SimpleVersionedSerializer<KafkaCommittable> getCommittableSerializer() {
        return delegate.getCommittableSerializer();
    }

    @Override
    public PrecommittingStatefulSinkWriter<IN, KafkaWriterState, KafkaCommittable> createWriter(
            WriterInitContext context) throws IOException {
        return delegate.createWriter(context);
    }

    @Override
    public PrecommittingStatefulSinkWriter<IN, KafkaWriterState, KafkaCommittable> restoreWriter(
            WriterInitContext context, Collection<KafkaWriterState> state) throws IOException {
        return delegate.restoreWriter(context, state);
    }

    @Override
    public SimpleVersionedSerializer<KafkaWriterState> getWriterStateSerializer() {
        return delegate.getWriterStateSerializer();
    }

    @Override
    public void addPostCommitTopology(DataStream<CommittableMessage<KafkaCommittable>> committables) {
        delegate.addPostCommitTopology(committables);
    }

    @Override
    public LineageVertex getLineageVertex() {
        return delegate.getLineageVertex();
    }
}
