package dev.tributary.cli.dev;

import dev.tributary.runtime.deadletter.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Dead letters counted by why they were refused (the {@code tributary.error} header, with the record's own values
 * taken out so that one kind of error is one reason), with the first dead letter of each reason as its example.
 */
final class DeadLetterReasons {

    /** Beyond this many reasons, further ones are counted together, so a flood of odd errors cannot fill memory. */
    static final int MAX_REASONS = 20;
    static final String OTHER = "(other reasons)";
    private static final int EXAMPLE_CHARS = 160;
    /** A quoted name (kept) or a quoted value (taken out), left to right so each quote pairs with its own. */
    private static final Pattern QUOTED = Pattern.compile("((?:column|field) )?'[^']*'");
    /** A type with its precision (kept, e.g. DECIMAL(10, 2)) or a number (taken out). */
    private static final Pattern NUMBER = Pattern.compile(
            "([A-Z]+\\(\\d+(?:, ?\\d+)?\\))|(?<![\\w.])-?(?:0x[0-9a-fA-F]+|\\d+(?:\\.\\d+)?)(?![\\w.])");

    /** One reason: where (Source or Sink) and the error with the values taken out. */
    record Reason(String where, String error) {
        @Override
        public String toString() {
            return where + ": " + error;
        }
    }

    /** How many dead letters had a reason, and the first of them. */
    record Count(long count, String example) {
    }

    private final Map<Reason, Count> counts = new LinkedHashMap<>();
    private final Consumer<String> onNewReason;
    private long total;

    /** @param onNewReason told (reason and example, one line) the first time each reason is seen */
    DeadLetterReasons(Consumer<String> onNewReason) {
        this.onNewReason = onNewReason;
    }

    void add(Headers headers, byte[] value) {
        String error = text(headers, DeadLetter.HEADER_ERROR);
        String sink = text(headers, DeadLetter.HEADER_SINK);
        String source = text(headers, DeadLetter.HEADER_SOURCE);
        String where = sink != null ? "Sink " + sink : source != null ? "Source " + source : "unknown origin";
        Reason reason = new Reason(where, error == null ? "(no " + DeadLetter.HEADER_ERROR + " header)"
                : kind(error));
        String example = null;
        synchronized (this) {
            total++;
            if (!counts.containsKey(reason) && counts.size() >= MAX_REASONS) {
                reason = new Reason(OTHER, "");
            }
            Count count = counts.get(reason);
            if (count == null) {
                example = example(error, headers, value);
                counts.put(reason, new Count(1, example));
            } else {
                counts.put(reason, new Count(count.count() + 1, count.example()));
            }
        }
        if (example != null) {
            onNewReason.accept(reason + "  e.g. " + example);
        }
    }

    synchronized long total() {
        return total;
    }

    synchronized Map<Reason, Count> counts() {
        return new LinkedHashMap<>(counts);
    }

    /** The summary: one line per reason, most frequent first, each with its example. */
    synchronized List<String> summary() {
        List<String> lines = new ArrayList<>();
        counts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue().count(), a.getValue().count()))
                .forEach(e -> {
                    lines.add(String.format("%8d  %s", e.getValue().count(), e.getKey()));
                    lines.add("          e.g. " + e.getValue().example());
                });
        return lines;
    }

    /** The error with the record's own values (quoted values, numbers) replaced, so equal kinds compare equal. */
    static String kind(String error) {
        String kind = QUOTED.matcher(error).replaceAll(m -> m.group(1) != null
                ? java.util.regex.Matcher.quoteReplacement(m.group()) : "'…'");
        return NUMBER.matcher(kind).replaceAll(m -> m.group(1) != null
                ? java.util.regex.Matcher.quoteReplacement(m.group()) : "N");
    }

    private static String example(String error, Headers headers, byte[] value) {
        String topic = text(headers, DeadLetter.HEADER_TOPIC);
        String where = topic == null ? "" : " (" + topic + " partition " + text(headers, DeadLetter.HEADER_PARTITION)
                + " offset " + text(headers, DeadLetter.HEADER_OFFSET) + ")";
        String shown = value == null ? "null" : abbreviate(new String(value, StandardCharsets.UTF_8));
        return error + where + ", value " + shown;
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= EXAMPLE_CHARS ? oneLine : oneLine.substring(0, EXAMPLE_CHARS) + "…";
    }

    private static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
