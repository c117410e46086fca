package dev.tributary.runtime.ingest;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The endpoint's metrics in Prometheus' text format, served at {@code /metrics} on the management port: requests
 * by transport and status code, records and bytes accepted, rejections by reason, the in-flight bytes against their
 * bound, and a histogram of the time from request to answer.
 */
final class IngestMetrics {

    static final double[] LATENCY_BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final String source;
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> rejections = new ConcurrentHashMap<>();
    private final LongAdder records = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder[] buckets = new LongAdder[LATENCY_BUCKETS.length];
    private final LongAdder latencyCount = new LongAdder();
    private final java.util.concurrent.atomic.DoubleAdder latencySum = new java.util.concurrent.atomic.DoubleAdder();
    private final LongSupplier inFlight;
    private final long inFlightLimit;

    IngestMetrics(String source, LongSupplier inFlightBytes, long inFlightLimit) {
        this.source = source;
        this.inFlight = inFlightBytes;
        this.inFlightLimit = inFlightLimit;
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    void answered(String transport, IngestResponse response, long startedNanos) {
        requests.computeIfAbsent(transport + "\u0000" + response.status(), k -> new LongAdder()).increment();
        if (response.reason() != null) {
            rejections.computeIfAbsent(response.reason(), k -> new LongAdder()).increment();
        }
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        for (int i = 0; i < LATENCY_BUCKETS.length; i++) {
            if (seconds <= LATENCY_BUCKETS[i]) {
                buckets[i].increment();
            }
        }
        latencyCount.increment();
        latencySum.add(seconds);
    }

    void accepted(int recordCount, long byteCount) {
        records.add(recordCount);
        bytes.add(byteCount);
    }

    long rejected(String reason) {
        LongAdder n = rejections.get(reason);
        return n == null ? 0 : n.sum();
    }

    long acceptedRecords() {
        return records.sum();
    }

    String scrape() {
        String s = "source=\"" + source + "\"";
        StringBuilder out = new StringBuilder();
        out.append("# HELP tributary_ingest_requests_total Requests (HTTP) and messages (WebSocket) answered.\n");
        out.append("# TYPE tributary_ingest_requests_total counter\n");
        new TreeMap<>(requests).forEach((k, v) -> {
            String[] parts = k.split("\u0000");
            out.append("tributary_ingest_requests_total{").append(s).append(",transport=\"").append(parts[0])
                    .append("\",code=\"").append(parts[1]).append("\"} ").append(v.sum()).append('\n');
        });
        out.append("# HELP tributary_ingest_records_total Records acknowledged by Kafka.\n");
        out.append("# TYPE tributary_ingest_records_total counter\n");
        out.append("tributary_ingest_records_total{").append(s).append("} ").append(records.sum()).append('\n');
        out.append("# HELP tributary_ingest_bytes_total Bytes of records acknowledged by Kafka.\n");
        out.append("# TYPE tributary_ingest_bytes_total counter\n");
        out.append("tributary_ingest_bytes_total{").append(s).append("} ").append(bytes.sum()).append('\n');
        out.append("# HELP tributary_ingest_rejections_total Requests refused, by reason.\n");
        out.append("# TYPE tributary_ingest_rejections_total counter\n");
        new TreeMap<>(rejections).forEach((reason, v) -> out.append("tributary_ingest_rejections_total{").append(s)
                .append(",reason=\"").append(reason).append("\"} ").append(v.sum()).append('\n'));
        out.append("# HELP tributary_ingest_in_flight_bytes Bytes of request bodies held now.\n");
        out.append("# TYPE tributary_ingest_in_flight_bytes gauge\n");
        out.append("tributary_ingest_in_flight_bytes{").append(s).append("} ").append(inFlight.getAsLong())
                .append('\n');
        out.append("# HELP tributary_ingest_in_flight_bytes_limit The bound of tributary_ingest_in_flight_bytes.\n");
        out.append("# TYPE tributary_ingest_in_flight_bytes_limit gauge\n");
        out.append("tributary_ingest_in_flight_bytes_limit{").append(s).append("} ").append(inFlightLimit).append('\n');
        out.append("# HELP tributary_ingest_request_duration_seconds Time from a request's start to its answer.\n");
        out.append("# TYPE tributary_ingest_request_duration_seconds histogram\n");
        for (int i = 0; i < LATENCY_BUCKETS.length; i++) {
            out.append("tributary_ingest_request_duration_seconds_bucket{").append(s).append(",le=\"")
                    .append(LATENCY_BUCKETS[i]).append("\"} ").append(buckets[i].sum()).append('\n');
        }
        out.append("tributary_ingest_request_duration_seconds_bucket{").append(s).append(",le=\"+Inf\"} ")
                .append(latencyCount.sum()).append('\n');
        out.append("tributary_ingest_request_duration_seconds_count{").append(s).append("} ")
                .append(latencyCount.sum()).append('\n');
        out.append("tributary_ingest_request_duration_seconds_sum{").append(s).append("} ")
                .append(latencySum.sum()).append('\n');
        return out.toString();
    }
}
