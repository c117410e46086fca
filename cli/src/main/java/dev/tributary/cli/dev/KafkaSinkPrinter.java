package dev.tributary.cli.dev;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;

/**
 * Prints the committed records of a Kafka sink's topic (read_committed, so exactly-once output shows when its
 * checkpoint completes), from the end of the topic as it was when dev started. Values are shown as text: JSON and
 * CSV as they are, Avro decoded with the sink's schema.
 */
final class KafkaSinkPrinter implements ResultWatcher {

    private final String sink;
    private final CommittedTail tail;

    KafkaSinkPrinter(String sink, String topic, Map<String, Object> kafka, DevConsole console) {
        this(sink, topic, kafka, console, value -> new String(value, StandardCharsets.UTF_8));
    }

    /** @param text how a record's value reads */
    KafkaSinkPrinter(String sink, String topic, Map<String, Object> kafka, DevConsole console,
            Function<byte[], String> text) {
        this.sink = sink;
        this.tail = new CommittedTail("print-" + sink, topic, kafka, record -> console.result(sink,
                record.value() == null ? "(deleted) key " + new String(record.key(), StandardCharsets.UTF_8)
                        : text.apply(record.value())));
    }

    @Override
    public String sink() {
        return sink;
    }

    @Override
    public long printed() {
        return tail.count();
    }

    @Override
    public void close() {
        tail.close();
    }
}
