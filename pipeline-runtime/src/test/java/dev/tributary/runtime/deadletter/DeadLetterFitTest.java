package dev.tributary.runtime.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.Test;

class DeadLetterFitTest {

    private static final int LIMIT = 1048588;

    @Test
    void aRecordThatFitsStaysWholeAndSaysItsValueSize() {
        DeadLetter d = letter(1000, 10, 10);
        assertThat(new DeadLetterFit(LIMIT).fit(d)).isFalse();
        assertThat(d.value).hasSize(1000);
        ProducerRecord<byte[], byte[]> r = serialize(d);
        assertThat(text(r, DeadLetter.HEADER_VALUE_SIZE)).isEqualTo("1000");
        assertThat(r.headers().lastHeader(DeadLetter.HEADER_VALUE_TRUNCATED)).isNull();
    }

    @Test
    void anOversizedValueIsTruncatedToWhatTheTopicTakes() {
        DeadLetter d = letter(2_000_000, 10, 10);
        assertThat(new DeadLetterFit(LIMIT).fit(d)).isTrue();
        ProducerRecord<byte[], byte[]> r = serialize(d);
        assertThat(producerSize(r)).isLessThanOrEqualTo(LIMIT).isGreaterThan(LIMIT - 100);
        assertThat(text(r, DeadLetter.HEADER_VALUE_TRUNCATED)).isEqualTo("true");
        assertThat(text(r, DeadLetter.HEADER_VALUE_SIZE)).isEqualTo("2000000");
        assertThat(d.value).isEqualTo(Arrays.copyOf(letter(2_000_000, 10, 10).value, d.value.length));
        assertThat(r.key()).hasSize(10);
        assertThat(r.headers().lastHeader("big")).isNotNull();
    }

    @Test
    void thenTheKeyThenTheLargestOriginalHeaders() {
        DeadLetter d = letter(500_000, 2_000_000, 0);
        assertThat(new DeadLetterFit(LIMIT).fit(d)).isTrue();
        ProducerRecord<byte[], byte[]> r = serialize(d);
        assertThat(producerSize(r)).isLessThanOrEqualTo(LIMIT);
        assertThat(r.value()).as("the value gets the room first").hasSize(500_000);
        assertThat(r.headers().lastHeader(DeadLetter.HEADER_VALUE_TRUNCATED)).isNull();
        assertThat(r.key().length).isBetween(500_000, 548_588);
        assertThat(text(r, DeadLetter.HEADER_KEY_TRUNCATED)).isEqualTo("true");
        assertThat(text(r, DeadLetter.HEADER_KEY_SIZE)).isEqualTo("2000000");

        DeadLetter h = letter(100, 100, 3_000_000);
        assertThat(new DeadLetterFit(LIMIT).fit(h)).isTrue();
        ProducerRecord<byte[], byte[]> rh = serialize(h);
        assertThat(producerSize(rh)).isLessThanOrEqualTo(LIMIT);
        assertThat(rh.headers().lastHeader("big")).isNull();
        assertThat(text(rh, "trace")).isEqualTo("t-1");
        assertThat(text(rh, DeadLetter.HEADER_HEADERS_DROPPED)).isEqualTo("big");
        assertThat(Integer.parseInt(text(rh, DeadLetter.HEADER_HEADERS_SIZE))).isGreaterThan(3_000_000);
        assertThat(rh.key()).hasSize(100);
        assertThat(rh.value()).hasSize(100);
        assertThat(rh.headers().lastHeader(DeadLetter.HEADER_VALUE_TRUNCATED)).isNull();
        assertThat(text(rh, DeadLetter.HEADER_ERROR)).isEqualTo("too big");
    }

    @Test
    void theProducerSendsWhatTheTopicTakes() {
        Properties p = DeadLetterSink.producerProperties(new Properties(), Duration.ofMinutes(15), 8000);
        assertThat(p.getProperty("max.request.size")).isEqualTo("8000");
        assertThat(p.getProperty("batch.size")).isEqualTo("8000");
        assertThat(p.getProperty("transaction.timeout.ms")).isEqualTo("900000");
    }

    private static DeadLetter letter(int valueBytes, int keyBytes, int bigHeaderBytes) {
        DeadLetter d = new DeadLetter();
        d.source = "events";
        d.topic = "events-topic";
        d.partition = 1;
        d.offset = 42;
        d.timestamp = 1234;
        d.key = new byte[keyBytes];
        Arrays.fill(d.key, (byte) 'k');
        d.value = new byte[valueBytes];
        for (int i = 0; i < valueBytes; i++) {
            d.value[i] = (byte) ('a' + i % 26);
        }
        d.headerKeys = new String[] {"trace", "big"};
        d.headerValues = new byte[][] {"t-1".getBytes(StandardCharsets.UTF_8), new byte[bigHeaderBytes]};
        d.error = "too big";
        return d;
    }

    private static ProducerRecord<byte[], byte[]> serialize(DeadLetter d) {
        return new DeadLetterSink.Serializer("dlq").serialize(d, null, null);
    }

    private static int producerSize(ProducerRecord<byte[], byte[]> r) {
        return AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.NONE,
                r.key(), r.value(), r.headers().toArray());
    }

    private static String text(ProducerRecord<byte[], byte[]> r, String key) {
        return new String(r.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }
}
