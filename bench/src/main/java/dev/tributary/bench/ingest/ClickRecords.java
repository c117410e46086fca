package dev.tributary.bench.ingest;

import dev.tributary.api.plan.FieldPlan;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The benchmark's records: clicks of ~200 bytes of JSON with a user agent, and batches of them as JSON lines. */
final class ClickRecords {

    static final List<FieldPlan> FIELDS = List.of(new FieldPlan("user_id", "STRING NOT NULL"),
            new FieldPlan("url", "STRING"), new FieldPlan("ts", "TIMESTAMP(3)"), new FieldPlan("n", "INT"),
            new FieldPlan("agent", "STRING"));
    /** Distinct batches each side cycles through, so both send the same records. */
    static final int DISTINCT_BATCHES = 16;

    private ClickRecords() {
    }

    static byte[] record(long n) {
        String r = "{\"user_id\":\"user-" + (n % 10_000) + "\",\"url\":\"/products/" + (n % 977) + "/reviews?page="
                + (n % 13) + "\",\"ts\":\"2026-12-04 10:15:00.000\",\"n\":" + (n % 100_000)
                + ",\"agent\":\"Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/133.0 (compatible;"
                + " tributary-bench) pad-" + (n % 10) + "\"}";
        return r.getBytes(StandardCharsets.UTF_8);
    }

    /** The {@code i}-th batch of {@code size} records (i modulo {@link #DISTINCT_BATCHES}). */
    static byte[][] batch(int size, long i) {
        long start = (i % DISTINCT_BATCHES) * size;
        byte[][] records = new byte[size][];
        for (int k = 0; k < size; k++) {
            records[k] = record(start + k);
        }
        return records;
    }

    /** The same batch as a JSON lines body. */
    static byte[] body(int size, long i) {
        byte[][] records = batch(size, i);
        int length = 0;
        for (byte[] r : records) {
            length += r.length + 1;
        }
        byte[] body = new byte[length];
        int at = 0;
        for (byte[] r : records) {
            System.arraycopy(r, 0, body, at, r.length);
            at += r.length;
            body[at++] = '\n';
        }
        return body;
    }
}
