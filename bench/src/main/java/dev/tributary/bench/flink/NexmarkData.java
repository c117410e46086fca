package dev.tributary.bench.flink;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Nexmark-style events, written by us (not the Nexmark generator): bids of about 150 bytes of JSON and one auction
 * per 100 bids, 10,000 bids per second of event time, in time order per partition with up to 500 ms of jitter (the
 * pipelines wait 3 s for stragglers, so nothing is late on either side). Bids are keyed by bidder, so everything a
 * bidder does lands in one partition in order: "first bid per key" has one right answer. After the data, each
 * partition of both topics gets one record an hour later, which moves every watermark past every window.
 */
final class NexmarkData {

    static final String BIDS = "bids";
    static final String AUCTIONS = "auctions";
    static final int PARTITIONS = 2;
    static final long T0 = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
    private static final DateTimeFormatter SQL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final String[] CHANNELS = {"Google", "Facebook", "Baidu", "Apple"};
    static final String BID_FIELDS = "auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, url STRING,"
            + " ts TIMESTAMP(3)";
    static final String AUCTION_FIELDS = "id BIGINT, seller BIGINT, category BIGINT, ts TIMESTAMP(3)";

    private NexmarkData() {
    }

    /** Writes {@code bids} bids and their auctions; returns the bytes of bid JSON written. */
    static long write(BenchKafka kafka, int bids) throws Exception {
        Random random = new Random(20261204L);
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer(java.util.Map.of())) {
            for (int i = 0; i < bids; i++) {
                long ts = T0 + i / 10 + random.nextInt(500);
                if (i % 100 == 0) {
                    long id = i / 100;
                    String auction = "{\"id\":" + id + ",\"seller\":" + random.nextInt(5_000) + ",\"category\":"
                            + (10 + random.nextInt(5)) + ",\"ts\":\"" + time(T0 + i / 10) + "\"}";
                    producer.send(new ProducerRecord<>(AUCTIONS, (int) (id % PARTITIONS), null,
                            auction.getBytes(StandardCharsets.UTF_8)));
                }
                long bidder = random.nextInt(10_000);
                long auction = Math.max(0, i / 100 - random.nextInt(1_000));
                String channel = CHANNELS[random.nextInt(CHANNELS.length)];
                String bid = "{\"auction\":" + auction + ",\"bidder\":" + bidder + ",\"price\":"
                        + (100 + random.nextInt(100_000)) + ",\"channel\":\"" + channel
                        + "\",\"url\":\"https://www.nexmark.com/" + channel.toLowerCase() + "/item.htm?query=" + i
                        + "\",\"ts\":\"" + time(ts) + "\"}";
                byte[] value = bid.getBytes(StandardCharsets.UTF_8);
                bytes += value.length;
                producer.send(new ProducerRecord<>(BIDS, (int) (bidder % PARTITIONS),
                        Long.toString(bidder).getBytes(StandardCharsets.UTF_8), value));
            }
            long end = T0 + bids / 10 + 3_600_000L;
            for (int p = 0; p < PARTITIONS; p++) {
                producer.send(new ProducerRecord<>(BIDS, p, null, ("{\"auction\":-1,\"bidder\":" + p
                        + ",\"price\":0,\"channel\":\"flush\",\"url\":\"\",\"ts\":\"" + time(end) + "\"}")
                        .getBytes(StandardCharsets.UTF_8)));
                producer.send(new ProducerRecord<>(AUCTIONS, p, null, ("{\"id\":-1,\"seller\":0,\"category\":0,"
                        + "\"ts\":\"" + time(end) + "\"}").getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
        return bytes;
    }

    private static String time(long epochMillis) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000), (int) Math.floorMod(epochMillis, 1000)
                * 1_000_000, ZoneOffset.UTC).format(SQL_TIME);
    }
}
