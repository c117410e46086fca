package dev.tributary.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.api.v1alpha1.RecordFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Joins and pattern matching as Flink defines them, each checked against matches computed here: an interval join
 * (shipments within an hour of their order, both bounds inclusive), a regular join, an event-time temporal join
 * (each order at the exchange rate valid at its time), and MATCH_RECOGNIZE (price dips: a fall of one or more ticks
 * then a rise).
 */
class JoinsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = Instant.parse("2024-05-01T00:00:00Z").toEpochMilli();
    private static final long HOUR = 3_600_000;
    private static final int ORDERS = 300;
    private static final String[] SYMBOLS = {"ACME", "BOLT", "CORE", "DYNA"};
    private static final String[] CURRENCIES = {"EUR", "GBP", "JPY"};

    record Order(String id, String user, String currency, long amount, long ts) {
    }

    record Shipment(String orderId, long ts) {
    }

    record Price(String symbol, long price, long ts) {
    }

    record Rate(String currency, long rate, long ts) {
    }

    @Test
    void intervalRegularAndTemporalJoinsAndMatchRecognizeGiveTheExpectedMatches() throws Exception {
        Topics topics = Topics.of();
        topics.create(2, "j.orders", "j.shipments", "j.prices", "j.rates", "j.customers");
        topics.create(1, "j.shipped", "j.enriched", "j.converted", "j.dips", "j.dlq");
        Path dir = Services.target().resolve("joins-" + System.currentTimeMillis());
        Random random = new Random(11);

        List<Order> orders = new ArrayList<>();
        List<Shipment> shipments = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            long ts = T0 + i * 10_000L;
            orders.add(new Order("o" + i, "c" + (i % 7), CURRENCIES[i % 3], 10 + i, ts));
            switch (i % 5) {
                case 1 -> shipments.add(new Shipment("o" + i, ts + random.nextInt(30 * 60_000)));
                case 2 -> shipments.add(new Shipment("o" + i, ts + 2 * HOUR));
                case 3 -> shipments.add(new Shipment("o" + i, ts + HOUR));
                case 4 -> shipments.add(new Shipment("o" + i, ts - 60_000));
                default -> {
                }
            }
        }
        shipments.sort(Comparator.comparingLong(Shipment::ts));
        List<Rate> rates = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            rates.add(new Rate(CURRENCIES[i % 3], 100 + random.nextInt(50), T0 - 30_000 + i * 60_000L));
        }
        List<Price> prices = new ArrayList<>();
        for (String symbol : SYMBOLS) {
            long price = 1000;
            for (int i = 0; i < 150; i++) {
                price += (random.nextBoolean() ? 1 : -1) * (1 + random.nextInt(5));
                prices.add(new Price(symbol, price, T0 + i * 1000L));
            }
        }

        // Each topic in event-time order (within the watermark delay), as a real feed would be. No idle timeout:
        // the topics are written one after the other, and an idle source must not let the watermark pass the
        // records another source has not delivered yet (they would be late, and dropped, as Flink defines).
        prices.sort(Comparator.comparingLong(Price::ts));

        PipelinePlan plan = Plans.plan("joins",
                List.of(Plans.source("orders", "j.orders", RecordFormat.JSON, Plans.fields("order_id", "STRING NOT NULL",
                                "user_id", "STRING", "currency", "STRING", "amount", "BIGINT", "ts", "TIMESTAMP(3)"),
                                "ts", 1000, null),
                        Plans.source("shipments", "j.shipments", RecordFormat.JSON,
                                Plans.fields("order_id", "STRING NOT NULL", "ts", "TIMESTAMP(3)"), "ts", 1000, null),
                        Plans.source("customers", "j.customers", RecordFormat.CSV,
                                Plans.fields("user_id", "STRING NOT NULL", "name", "STRING"), null, 0),
                        Plans.source("rates", "j.rates", RecordFormat.JSON,
                                Plans.fields("currency", "STRING NOT NULL", "rate", "BIGINT", "ts", "TIMESTAMP(3)"),
                                "ts", 1000, null),
                        Plans.source("prices", "j.prices", RecordFormat.JSON,
                                Plans.fields("symbol", "STRING NOT NULL", "price", "BIGINT", "ts", "TIMESTAMP(3)"),
                                "ts", 1000, null)),
                List.of(Plans.kafkaSink("joins", "shipped", "j.shipped", List.of()),
                        Plans.kafkaSink("joins", "enriched", "j.enriched", List.of()),
                        Plans.kafkaSink("joins", "converted", "j.converted", List.of()),
                        Plans.kafkaSink("joins", "dips", "j.dips", List.of())),
                """
                INSERT INTO shipped
                SELECT o.order_id, o.amount, s.ts AS shipped_at
                FROM orders o JOIN shipments s
                  ON o.order_id = s.order_id AND s.ts BETWEEN o.ts AND o.ts + INTERVAL '1' HOUR;

                INSERT INTO enriched
                SELECT o.order_id, c.name FROM orders o JOIN customers c ON o.user_id = c.user_id;

                INSERT INTO converted
                WITH versioned_rates AS (
                  SELECT currency, rate, ts FROM (
                    SELECT *, ROW_NUMBER() OVER (PARTITION BY currency ORDER BY ts DESC) AS rn FROM rates)
                  WHERE rn = 1)
                SELECT o.order_id, o.amount * r.rate AS converted
                FROM orders AS o JOIN versioned_rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.currency;

                INSERT INTO dips
                SELECT symbol, start_price, bottom_price, end_price, end_ts
                FROM prices MATCH_RECOGNIZE (
                  PARTITION BY symbol ORDER BY ts
                  MEASURES A.price AS start_price, LAST(B.price) AS bottom_price, C.price AS end_price,
                           C.ts AS end_ts
                  ONE ROW PER MATCH
                  AFTER MATCH SKIP PAST LAST ROW
                  PATTERN (A B+ C)
                  DEFINE
                    B AS (LAST(B.price, 1) IS NULL AND B.price < A.price) OR B.price < LAST(B.price, 1),
                    C AS C.price > LAST(B.price)
                );
                """,
                Plans.checkpoints(dir, 1000, DeliveryGuarantee.AT_LEAST_ONCE), "j.dlq", 2);

        Set<String> expectedShipped = new TreeSet<>();
        for (Order o : orders) {
            for (Shipment s : shipments) {
                if (s.orderId().equals(o.id()) && s.ts() >= o.ts() && s.ts() <= o.ts() + HOUR) {
                    expectedShipped.add(o.id() + "|" + o.amount() + "|" + s.ts());
                }
            }
        }
        Set<String> expectedEnriched = new TreeSet<>();
        for (Order o : orders) {
            expectedEnriched.add(o.id() + "|name of " + o.user());
        }
        Set<String> expectedConverted = new TreeSet<>();
        for (Order o : orders) {
            rates.stream().filter(r -> r.currency().equals(o.currency()) && r.ts() <= o.ts())
                    .max(Comparator.comparingLong(Rate::ts))
                    .ifPresent(r -> expectedConverted.add(o.id() + "|" + o.amount() * r.rate()));
        }
        Set<String> expectedDips = dips(prices);

        try (InProcess pipeline = InProcess.start(plan, dir);
                KafkaProducer<byte[], byte[]> producer = topics.producer()) {
            for (int c = 0; c < 7; c++) {
                send(producer, "j.customers", c % 2, "c" + c + ",name of c" + c);
            }
            for (Rate r : rates) {
                send(producer, "j.rates", 0, "{\"currency\":\"" + r.currency() + "\",\"rate\":" + r.rate()
                        + ",\"ts\":\"" + iso(r.ts()) + "\"}");
            }
            for (Order o : orders) {
                send(producer, "j.orders", Math.abs(o.id().hashCode()) % 2, "{\"order_id\":\"" + o.id()
                        + "\",\"user_id\":\"" + o.user() + "\",\"currency\":\"" + o.currency() + "\",\"amount\":"
                        + o.amount() + ",\"ts\":\"" + iso(o.ts()) + "\"}");
            }
            for (Shipment s : shipments) {
                send(producer, "j.shipments", Math.abs(s.orderId().hashCode()) % 2, "{\"order_id\":\"" + s.orderId()
                        + "\",\"ts\":\"" + iso(s.ts()) + "\"}");
            }
            for (Price p : prices) {
                send(producer, "j.prices", Math.abs(p.symbol().hashCode()) % 2, "{\"symbol\":\"" + p.symbol()
                        + "\",\"price\":" + p.price() + ",\"ts\":\"" + iso(p.ts()) + "\"}");
            }
            long later = T0 + 10 * 24 * HOUR;
            for (int p = 0; p < 2; p++) {
                send(producer, "j.prices", p, "{\"symbol\":\"flush\",\"price\":0,\"ts\":\"" + iso(later) + "\"}");
                send(producer, "j.rates", p, "{\"currency\":\"flush\",\"rate\":0,\"ts\":\"" + iso(later) + "\"}");
                send(producer, "j.orders", p, "{\"order_id\":\"flush\",\"currency\":\"flush\",\"amount\":0,"
                        + "\"ts\":\"" + iso(later) + "\"}");
            }
            producer.flush();

            Set<String> shipped = read(topics, "j.shipped", expectedShipped.size(),
                    n -> n.get("order_id").asText() + "|" + n.get("amount").asLong() + "|"
                            + millis(n.get("shipped_at").asText()));
            Set<String> enriched = read(topics, "j.enriched", expectedEnriched.size(),
                    n -> n.get("order_id").asText() + "|" + n.get("name").asText());
            Set<String> converted = read(topics, "j.converted", expectedConverted.size(),
                    n -> n.get("order_id").asText() + "|" + n.get("converted").asLong());
            Set<String> dips = read(topics, "j.dips", expectedDips.size(),
                    n -> n.get("symbol").asText() + "|" + n.get("start_price").asLong() + "|"
                            + n.get("bottom_price").asLong() + "|" + n.get("end_price").asLong() + "|"
                            + millis(n.get("end_ts").asText()));

            assertThat(shipped).as("interval join").isEqualTo(expectedShipped);
            assertThat(enriched).as("regular join").isEqualTo(expectedEnriched);
            assertThat(converted).as("temporal join").isEqualTo(expectedConverted);
            assertThat(dips).as("MATCH_RECOGNIZE").isEqualTo(expectedDips);
            System.out.printf("[joins] interval join %d matches of %d orders/%d shipments, regular join %d,"
                    + " temporal join %d, MATCH_RECOGNIZE %d dips in %d prices: all as computed independently%n",
                    shipped.size(), ORDERS, shipments.size(), enriched.size(), converted.size(), dips.size(),
                    prices.size());
        }
    }

    /** Dips as A B+ C with B falling and C rising, earliest first, skipping past each match. */
    static Set<String> dips(List<Price> prices) {
        Set<String> matches = new TreeSet<>();
        for (String symbol : SYMBOLS) {
            List<Price> p = prices.stream().filter(x -> x.symbol().equals(symbol)).toList();
            int pos = 0;
            while (true) {
                int a = pos;
                while (a + 1 < p.size() && p.get(a + 1).price() >= p.get(a).price()) {
                    a++;
                }
                if (a + 1 >= p.size()) {
                    break;
                }
                int bottom = a + 1;
                while (bottom + 1 < p.size() && p.get(bottom + 1).price() < p.get(bottom).price()) {
                    bottom++;
                }
                int c = bottom + 1;
                if (c >= p.size()) {
                    break;
                }
                matches.add(symbol + "|" + p.get(a).price() + "|" + p.get(bottom).price() + "|" + p.get(c).price()
                        + "|" + p.get(c).ts());
                pos = c + 1;
            }
        }
        return matches;
    }

    private interface Row {
        String of(JsonNode node);
    }

    private static Set<String> read(Topics topics, String topic, int expected, Row row) throws Exception {
        Set<String> rows = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : topics.readUntilCountOrQuiet(topic, expected, Duration.ofSeconds(15),
                Duration.ofMinutes(2))) {
            rows.add(row.of(JSON.readTree(r.value())));
        }
        return new TreeSet<>(rows);
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, int partition, String value) {
        producer.send(new ProducerRecord<>(topic, partition, null, value.getBytes(StandardCharsets.UTF_8)));
    }

    private static String iso(long millis) {
        return LocalDateTime.ofEpochSecond(millis / 1000, (int) (millis % 1000) * 1_000_000, ZoneOffset.UTC).toString();
    }

    private static long millis(String isoLocal) {
        return LocalDateTime.parse(isoLocal).toInstant(ZoneOffset.UTC).toEpochMilli();
    }
}
