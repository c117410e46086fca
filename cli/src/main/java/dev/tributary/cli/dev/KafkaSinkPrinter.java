package dev.tributary.cli.dev;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Prints the committed records of a Kafka sink's topic (read_committed, so exactly-once output shows when its
 * checkpoint completes), from the end of the topic as it was when dev started.
 */
final class KafkaSinkPrinter implements ResultWatcher {

    private final String sink;
    private final CommittedTail tail;

    KafkaSinkPrinter(String sink, String topic, Map<String, Object> kafka, DevConsole console) {
        this.sink = sink;
        this.tail = new CommittedTail("print-" + sink, topic, kafka, record -> console.result(sink,
                record.value() == null ? "(deleted) key " + new String(record.key(), StandardCharsets.UTF_8)
                        : new String(record.value(), StandardCharsets.UTF_8)));
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
