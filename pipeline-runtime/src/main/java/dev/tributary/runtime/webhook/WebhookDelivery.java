package dev.tributary.runtime.webhook;

import dev.tributary.runtime.Metrics;
import dev.tributary.runtime.deadletter.DeadLetter;
import dev.tributary.runtime.deadletter.DeadLetterCounters;
import dev.tributary.runtime.deadletter.DeadLetterKind;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.RuntimeContextInitializationContextAdapters;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;

/**
 * The webhook in a pipeline: POSTs each row synchronously (so a checkpoint completes only after every row before it
 * was delivered or given up: at-least-once), and emits a row the receiver still refused after its retries as a dead
 * letter — the JSON it POSTed, the sink, and the last HTTP status or error — for the pipeline's dead-letter topic.
 */
public final class WebhookDelivery extends ProcessFunction<RowData, DeadLetter> {

    private final WebhookSettings settings;
    private final SerializationSchema<RowData> serializer;
    private transient WebhookPoster poster;
    private transient DeadLetterCounters deadLetters;

    WebhookDelivery(WebhookSettings settings, SerializationSchema<RowData> serializer) {
        this.settings = settings;
        this.serializer = serializer;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        serializer.open(RuntimeContextInitializationContextAdapters.serializationAdapter(getRuntimeContext()));
        poster = new WebhookPoster(settings, getRuntimeContext().getMetricGroup());
        deadLetters = DeadLetterCounters.register(Metrics.sinkGroup(getRuntimeContext().getMetricGroup(),
                settings.sinkName()), List.of(DeadLetterKind.REFUSED));
    }

    @Override
    public void processElement(RowData row, Context context, Collector<DeadLetter> out) throws Exception {
        byte[] body = serializer.serialize(row);
        poster.post(body).ifPresent(problem -> {
            DeadLetter d = new DeadLetter();
            d.sink = settings.sinkName();
            d.value = body;
            d.partition = -1;
            d.offset = -1;
            d.timestamp = -1;
            d.error = problem;
            d.kind = DeadLetterKind.REFUSED;
            deadLetters.inc(d.kind);
            out.collect(d);
        });
    }
}
