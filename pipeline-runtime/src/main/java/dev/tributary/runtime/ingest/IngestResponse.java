package dev.tributary.runtime.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * An answer of the ingest endpoint, the same over HTTP and WebSocket: a status code, a JSON body that says what
 * happened and what to do, a reason (the label of {@code tributary_ingest_rejections_total}; null when accepted) and
 * the seconds after which a retry may succeed (0: none).
 */
record IngestResponse(int status, String reason, String body, int retryAfterSeconds) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Record errors listed in a 400 answer; the count says how many there were in all. */
    static final int MAX_LISTED_ERRORS = 100;

    /** One refused record: where it is in the body and what is wrong, in the runtime's dead-letter words. */
    record RecordError(String position, String error) {
    }

    static IngestResponse accepted(int records) {
        return new IngestResponse(200, null, "{\"accepted\":" + records + "}", 0);
    }

    static IngestResponse refused(int status, String reason, String message) {
        return refused(status, reason, message, 0);
    }

    static IngestResponse refused(int status, String reason, String message, int retryAfterSeconds) {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", message);
        body.put("reason", reason);
        return new IngestResponse(status, reason, body.toString(), retryAfterSeconds);
    }

    /** The whole batch is refused because of these records; nothing was written. */
    static IngestResponse badRecords(List<RecordError> errors, int records) {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", errors.size() + " of " + records + " records do not fit the Source's schema; nothing was"
                + " written: fix them and send the batch again");
        body.put("reason", "bad_record");
        body.put("badRecords", errors.size());
        ArrayNode list = body.putArray("records");
        errors.stream().limit(MAX_LISTED_ERRORS).forEach(e -> list.addObject()
                .put("position", e.position()).put("error", e.error()));
        return new IngestResponse(400, "bad_record", body.toString(), 0);
    }

    boolean isFinal() {
        return status < 500 && status != 429 && status != 409;
    }

    /** The same answer with a sequence number, as a WebSocket reply to its n-th message. */
    String bodyWith(long sequence) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(body);
            ObjectNode out = JSON.createObjectNode();
            out.put("message", sequence);
            out.put("status", status);
            if (retryAfterSeconds > 0) {
                out.put("retryAfterSeconds", retryAfterSeconds);
            }
            out.setAll(node);
            return out.toString();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("our own body is JSON", e);
        }
    }
}
