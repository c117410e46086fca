package dev.tributary.runtime.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class DeadLetterSinkTest {

    @Test
    void writesTheOriginalRecordWithItsHeadersAndWhereItCameFrom() {
        DeadLetter d = new DeadLetter();
        d.source = "clicks";
        d.topic = "shop.clicks";
        d.partition = 2;
        d.offset = 99;
        d.timestamp = 1234;
        d.key = new byte[] {1};
        d.value = new byte[] {2, 3};
        d.headerKeys = new String[] {"trace"};
        d.headerValues = new byte[][] {{7}};
        d.error = "malformed JSON";
        ProducerRecord<byte[], byte[]> r = new DeadLetterSink.Serializer("shop.p.dlq").serialize(d, null, null);
        assertThat(r.topic()).isEqualTo("shop.p.dlq");
        assertThat(r.key()).containsExactly(1);
        assertThat(r.value()).containsExactly(2, 3);
        assertThat(r.timestamp()).isEqualTo(1234);
        assertThat(r.headers().lastHeader("trace").value()).containsExactly(7);
        assertThat(text(r, DeadLetter.HEADER_TOPIC)).isEqualTo("shop.clicks");
        assertThat(text(r, DeadLetter.HEADER_PARTITION)).isEqualTo("2");
        assertThat(text(r, DeadLetter.HEADER_OFFSET)).isEqualTo("99");
        assertThat(text(r, DeadLetter.HEADER_SOURCE)).isEqualTo("clicks");
        assertThat(text(r, DeadLetter.HEADER_ERROR)).isEqualTo("malformed JSON");
        assertThat(DeadLetterSink.transactionalIdPrefix("shop", "p")).isEqualTo("tributary-shop-p-dead-letters");
    }

    @Test
    void aSinksDeadLetterNamesTheSinkAndColumnInsteadOfASourceRecord() {
        DeadLetter d = new DeadLetter();
        d.sink = "alerts";
        d.column = "code";
        d.value = "{\"code\":\"abcde\"}".getBytes(StandardCharsets.UTF_8);
        d.timestamp = -1;
        d.error = "column 'code' is VARCHAR(3) but the value has 5 characters";
        ProducerRecord<byte[], byte[]> r = new DeadLetterSink.Serializer("shop.p.dlq").serialize(d, null, null);
        assertThat(r.key()).isNull();
        assertThat(r.timestamp()).as("the broker's time").isNull();
        assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("{\"code\":\"abcde\"}");
        assertThat(text(r, DeadLetter.HEADER_SINK)).isEqualTo("alerts");
        assertThat(text(r, DeadLetter.HEADER_SINK_COLUMN)).isEqualTo("code");
        assertThat(text(r, DeadLetter.HEADER_ERROR)).isEqualTo(d.error);
        assertThat(r.headers().lastHeader(DeadLetter.HEADER_SOURCE)).isNull();
        assertThat(r.headers().lastHeader(DeadLetter.HEADER_OFFSET)).isNull();
    }

    private static String text(ProducerRecord<byte[], byte[]> r, String key) {
        return new String(r.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }
}
