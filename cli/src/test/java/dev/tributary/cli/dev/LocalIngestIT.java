package dev.tributary.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.local.KafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code tributary dev} serves for the iot-sensors sample's Source with {@code ingest.http}: the endpoint on
 * 127.0.0.1, with a token made for the run in an owner-only local Secret file (never printed), writing into the
 * Source's topic on the local broker.
 */
class LocalIngestIT {

    private static final Path REPO = Path.of(System.getProperty("tributary.repo", "..")).toAbsolutePath().normalize();

    @TempDir
    Path work;

    @Test
    void devServesTheSamplesIngestEndpointOnLoopbackWithATokenMadeForTheRun() throws Exception {
        DevResources iot = DevResources.load(REPO.resolve("samples/iot-sensors"));
        try (KafkaBroker kafka = KafkaBroker.start(work.resolve("kafka"));
                LocalIngest ingest = new LocalIngest(DevState.in(work))) {
            try (Admin admin = kafka.admin()) {
                admin.createTopics(List.of(new NewTopic("plant.sensor-readings", 2, (short) 1)))
                        .all().get(60, TimeUnit.SECONDS);
            }
            List<String> lines = ingest.start(iot.sources().values(), kafka.bootstrapServers());
            assertThat(lines).singleElement().asString()
                    .startsWith("Source readings: POST JSON lines to http://127.0.0.1:")
                    .contains("bearer token made for dev in ");
            Path tokenFile = DevState.in(work).secretsDir().resolve("gateway-tokens/tokens");
            String token = Files.readString(tokenFile).strip();
            assertThat(lines.get(0)).doesNotContain(token);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile))).isEqualTo("rw-------");
            Matcher url = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/v1/sources/readings/records)").matcher(lines.get(0));
            assertThat(url.find()).isTrue();

            HttpClient http = HttpClient.newHttpClient();
            String reading = "{\"machine_id\":\"press-01\",\"sensor_id\":\"7\",\"temperature_c\":91.5,"
                    + "\"measured_at\":\"2026-12-04 10:15:00.000\"}";
            HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(url.group(1)))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString(reading)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(url.group(1)))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"sensor_id\":\"7\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("required field 'machine_id' is missing");

            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                    kafka.bootstrapServers()), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = List.of(new TopicPartition("plant.sensor-readings", 0),
                        new TopicPartition("plant.sensor-readings", 1));
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                long total = consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
                assertThat(total).isEqualTo(1);
                List<String> values = new java.util.ArrayList<>();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (values.isEmpty() && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(new String(r.value())));
                }
                assertThat(values).containsExactly(reading);
            }
        }
    }
}
