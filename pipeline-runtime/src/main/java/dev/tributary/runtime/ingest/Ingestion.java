package dev.tributary.runtime.ingest;

import dev.tributary.api.plan.IngestPlan;
import dev.tributary.runtime.ingest.BodyRecords.BodyException;
import dev.tributary.runtime.ingest.BodyRecords.Layout;
import dev.tributary.runtime.ingest.BodyRecords.Slice;
import dev.tributary.runtime.ingest.IngestResponse.RecordError;
import dev.tributary.runtime.source.BadRecordException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * One batch from a request body or a WebSocket message, whatever the transport: split into records, every record
 * checked against the schema, and only when all fit, all written to Kafka. A batch is accepted whole or not at all
 * as far as the schema goes: one bad record refuses the batch (400, each bad record named) and nothing is written.
 * Once Kafka has acknowledged every record the answer is 200; when Kafka fails it is 503 and some records of the
 * batch may have been written (a retry may write them twice, see the README).
 */
final class Ingestion {

    static final int KAFKA_RETRY_AFTER_SECONDS = 5;

    private final RecordCheck check;
    private final KafkaWriter writer;
    private final ExecutorService workers;
    private final IngestMetrics metrics;
    private final int maxRecords;

    Ingestion(IngestPlan plan, KafkaWriter writer, ExecutorService workers, IngestMetrics metrics) {
        this.check = new RecordCheck(plan.source());
        this.writer = writer;
        this.workers = workers;
        this.metrics = metrics;
        this.maxRecords = plan.maxRecordsPerRequest();
    }

    CompletableFuture<IngestResponse> ingest(byte[] body, Layout layout) {
        return CompletableFuture.supplyAsync(() -> checked(body, layout), workers).thenCompose(checked -> {
            if (checked.refusal() != null) {
                return CompletableFuture.completedFuture(checked.refusal());
            }
            return writer.write(checked.values()).handle((ok, error) -> {
                if (error == null) {
                    metrics.accepted(checked.values().size(), checked.bytes());
                    return IngestResponse.accepted(checked.values().size());
                }
                return kafkaFailure(error instanceof java.util.concurrent.CompletionException
                        ? error.getCause() : error);
            });
        });
    }

    private record Checked(List<byte[]> values, long bytes, IngestResponse refusal) {
    }

    private Checked checked(byte[] body, Layout layout) {
        List<Slice> slices;
        try {
            slices = BodyRecords.split(body, layout, maxRecords);
        } catch (BodyException e) {
            return new Checked(null, 0, IngestResponse.refused(e.status, e.reason, e.getMessage()));
        }
        List<byte[]> values = new ArrayList<>(slices.size());
        List<RecordError> errors = new ArrayList<>();
        long bytes = 0;
        for (Slice slice : slices) {
            try {
                byte[] value = check.valueOf(slice.bytes());
                values.add(value);
                bytes += value.length;
            } catch (BadRecordException e) {
                errors.add(new RecordError(slice.position(), e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            return new Checked(null, 0, IngestResponse.badRecords(errors, slices.size()));
        }
        return new Checked(values, bytes, null);
    }

    private static IngestResponse kafkaFailure(Throwable error) {
        if (error instanceof RetriableException || error instanceof TimeoutException
                || error instanceof org.apache.kafka.common.errors.InterruptException) {
            return IngestResponse.refused(503, "kafka_unavailable", "Kafka did not acknowledge the records in time ("
                    + error.getClass().getSimpleName() + "); some may have been written: retry the batch later",
                    KAFKA_RETRY_AFTER_SECONDS);
        }
        return IngestResponse.refused(502, "kafka_refused", "Kafka refused the records: " + error.getMessage(), 0);
    }
}
