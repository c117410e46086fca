package dev.tributary.runtime.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a request body into its records without decoding them: JSON lines (one object per line, blank lines
 * skipped) or a JSON array of objects (a single object counts as an array of one). Each record keeps its own bytes,
 * so a JSON Source's topic receives exactly what the client sent.
 */
final class BodyRecords {

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build();

    /** How the records of a body are laid out. */
    enum Layout { LINES, ARRAY }

    /** One record: where it is in the body, as a client would count it ("line 3", "record 3"), and its bytes. */
    record Slice(String unit, int number, byte[] bytes) {

        String position() {
            return unit + " " + number; // only for a refusal: not built for every record
        }
    }

    /** The body is not a sequence of records (the whole request is refused); {@link #reason} is a metric label. */
    static final class BodyException extends Exception {

        final int status;
        final String reason;

        BodyException(int status, String reason, String message) {
            super(message, null, false, false);
            this.status = status;
            this.reason = reason;
        }
    }

    private BodyRecords() {
    }

    static List<Slice> split(byte[] body, Layout layout, int maxRecords) throws BodyException {
        List<Slice> records = layout == Layout.LINES ? lines(body, maxRecords) : array(body, maxRecords);
        if (records.isEmpty()) {
            throw new BodyException(400, "empty", "the body holds no records: send JSON objects, one per line"
                    + " (application/x-ndjson) or in an array (application/json)");
        }
        return records;
    }

    /** The layout a WebSocket text message uses: an array when it starts with '[', else lines. */
    static Layout layoutOf(byte[] message) {
        for (byte b : message) {
            if (!Character.isWhitespace(b)) {
                return b == '[' ? Layout.ARRAY : Layout.LINES;
            }
        }
        return Layout.LINES;
    }

    private static List<Slice> lines(byte[] body, int maxRecords) throws BodyException {
        List<Slice> records = new ArrayList<>();
        int line = 0;
        int start = 0;
        while (start <= body.length) {
            int end = start;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            line++;
            int last = end;
            if (last > start && body[last - 1] == '\r') {
                last--;
            }
            if (!blank(body, start, last)) {
                if (records.size() == maxRecords) {
                    throw tooMany(maxRecords);
                }
                byte[] bytes = new byte[last - start];
                System.arraycopy(body, start, bytes, 0, bytes.length);
                records.add(new Slice("line", line, bytes));
            }
            start = end + 1;
        }
        return records;
    }

    private static List<Slice> array(byte[] body, int maxRecords) throws BodyException {
        List<Slice> records = new ArrayList<>();
        try (JsonParser p = JSON.createParser(body)) {
            JsonToken first = p.nextToken();
            if (first == JsonToken.START_OBJECT) {
                p.skipChildren();
                records.add(new Slice("record", 1, body));
            } else if (first == JsonToken.START_ARRAY) {
                JsonToken token;
                while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (token == null) {
                        throw invalid("the array is not closed");
                    }
                    int index = records.size() + 1;
                    if (token != JsonToken.START_OBJECT) {
                        throw new BodyException(400, "bad_record", "record " + index + ": not a JSON object");
                    }
                    if (records.size() == maxRecords) {
                        throw tooMany(maxRecords);
                    }
                    int from = (int) p.currentTokenLocation().getByteOffset();
                    p.skipChildren();
                    int to = (int) p.currentLocation().getByteOffset();
                    byte[] bytes = new byte[to - from];
                    System.arraycopy(body, from, bytes, 0, bytes.length);
                    records.add(new Slice("record", index, bytes));
                }
            } else {
                throw invalid("expected a JSON array of objects or one object, found " + (first == null ? "nothing"
                        : first.asString() == null ? first.name().toLowerCase(java.util.Locale.ROOT)
                        : first.asString()));
            }
            if (p.nextToken() != null) {
                throw invalid("unexpected content after the JSON value");
            }
        } catch (JsonProcessingException e) {
            throw invalid(e.getOriginalMessage() + " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw invalid(e.getMessage());
        }
        return records;
    }

    private static boolean blank(byte[] body, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(body[i])) {
                return false;
            }
        }
        return true;
    }

    private static BodyException invalid(String detail) {
        return new BodyException(400, "invalid_json", "malformed JSON: " + detail);
    }

    private static BodyException tooMany(int maxRecords) {
        return new BodyException(413, "too_many_records", "more than " + maxRecords + " records in one request"
                + " (spec.ingest.http.limits.maxRecordsPerRequest): split the batch");
    }
}
