package dev.tributary.runtime.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** What a source's Kafka consumer is given. */
class SourceTablesTest {

    @Test
    void aSourceReadsCommittedRecordsInFetchesOf2000UnlessTheClientPropertiesSayOtherwise() {
        Properties kafka = new Properties();
        kafka.setProperty("bootstrap.servers", "kafka:9092");
        kafka.setProperty("isolation.level", "read_uncommitted");
        Properties consumer = SourceTables.consumerProperties(kafka, "tributary.shop.p", "clicks");
        assertThat(consumer).containsEntry("bootstrap.servers", "kafka:9092")
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("client.id.prefix", "tributary.shop.p-clicks")
                .containsEntry("max.poll.records", "2000");
        assertThat(kafka).doesNotContainKey("max.poll.records");

        kafka.setProperty("max.poll.records", "100");
        assertThat(SourceTables.consumerProperties(kafka, "g", "clicks")).containsEntry("max.poll.records", "100");
    }
}
