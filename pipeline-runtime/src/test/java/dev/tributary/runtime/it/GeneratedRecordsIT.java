package dev.tributary.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.plan.FieldPlan;
import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.api.v1alpha1.GeneratorFieldSpec;
import dev.tributary.api.v1alpha1.GeneratorLookupSpec;
import dev.tributary.api.v1alpha1.GeneratorSpec;
import dev.tributary.api.v1alpha1.RecordFormat;
import dev.tributary.runtime.PipelineJob;
import dev.tributary.runtime.PipelineRunner;
import dev.tributary.runtime.RuntimeOptions;
import dev.tributary.runtime.generator.EveryType;
import dev.tributary.runtime.generator.GeneratorFeed;
import dev.tributary.runtime.generator.GeneratorPosition;
import dev.tributary.runtime.generator.RecordGenerator;
import dev.tributary.runtime.source.AvroDecoder;
import dev.tributary.runtime.source.Columns;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.data.RowData;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Generated records of every type, nested ones included, in json, avro and csv, written by {@link GeneratorFeed} into
 * a real broker and read by the runtime on a Flink MiniCluster: every record reaches the sink, none is a dead
 * letter. The avro Source's topic is compacted and its generator keyed: the broker takes every record, each with
 * its key; the json Source's keys, per and lookup fields hold across the run.
 */
class GeneratedRecordsIT {

    private static final int RECORDS = 2000;
    private static final int DEVICES = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyGeneratedRecordIsReadWithoutDeadLettersAndKeyedRecordsFillACompactedTopic() throws Exception {
        Topics topics = Topics.of();
        topics.create(2, "gen.readings", "gen.ledger", "gen.out", "gen.dlq");
        topics.create(2, Map.of("cleanup.policy", "compact"), "gen.devices");

        List<FieldPlan> devices = EveryType.of(List.of(new FieldPlan("id", "BIGINT NOT NULL")), EveryType.SCALARS,
                EveryType.NESTED);
        GeneratorSpec devicesSpec = spec(List.of("id"), entry("id", GeneratorFieldSpec.Kind.SEQUENCE, 1L,
                (long) DEVICES));
        List<FieldPlan> readings = EveryType.of(List.of(new FieldPlan("device_id", "STRING NOT NULL"),
                new FieldPlan("category", "STRING")), EveryType.SCALARS, EveryType.FINE_TIMES, EveryType.NESTED,
                EveryType.JSON_ONLY);
        GeneratorFieldSpec device = entry("device_id", GeneratorFieldSpec.Kind.LOOKUP, null, null);
        device.lookup = new GeneratorLookupSpec();
        device.lookup.source = "devices";
        device.lookup.field = "id";
        GeneratorFieldSpec category = entry("category", GeneratorFieldSpec.Kind.ONE_OF, null, null);
        category.values = List.of("pump", "fan", "valve");
        category.per = "device_id";
        GeneratorSpec readingsSpec = spec(List.of("device_id"), device, category);
        List<FieldPlan> ledger = EveryType.of(EveryType.SCALARS, EveryType.FINE_TIMES);

        long started = System.nanoTime();
        write(devicesSpec, devices, RecordFormat.AVRO, "gen.devices", Map.of());
        write(readingsSpec, readings, RecordFormat.JSON, "gen.readings", Map.of("devices", devicesSpec));
        write(spec(null), ledger, RecordFormat.CSV, "gen.ledger", Map.of());
        double writeSeconds = (System.nanoTime() - started) / 1e9;

        Path dir = Services.target().resolve("generated-records-" + System.currentTimeMillis());
        PipelinePlan plan = Plans.plan("generated",
                List.of(Plans.source("devices", "gen.devices", RecordFormat.AVRO, devices, null, 0),
                        Plans.source("readings", "gen.readings", RecordFormat.JSON, readings, null, 0),
                        Plans.source("ledger", "gen.ledger", RecordFormat.CSV, ledger, null, 0)),
                List.of(Plans.kafkaSink("generated", "out", "gen.out", List.of())),
                "INSERT INTO `out` SELECT 'devices' AS src, CAST(id AS STRING) AS v FROM devices"
                        + " UNION ALL SELECT 'readings', device_id FROM readings"
                        + " UNION ALL SELECT 'ledger', CAST(l AS STRING) FROM ledger",
                Plans.checkpoints(dir, 1000, DeliveryGuarantee.AT_LEAST_ONCE), "gen.dlq", 2);
        PipelineJob job = PipelineRunner.prepare(plan, RuntimeOptions.forPlan(dir.resolve("plan.json")));
        JobClient client = job.start();
        try {
            List<ConsumerRecord<byte[], byte[]>> out = topics.readUntil("gen.out", Duration.ofMinutes(4),
                    r -> r.size() >= 3 * RECORDS);
            Thread.sleep(2000);
            List<ConsumerRecord<byte[], byte[]>> deadLetters = topics.readAll("gen.dlq");
            assertThat(deadLetters).as("dead letters, the first: %s", deadLetters.isEmpty() ? ""
                    : new String(deadLetters.get(0).headers().lastHeader("tributary.error").value())).isEmpty();
            Map<String, Integer> perSource = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : topics.readAll("gen.out")) {
                perSource.merge(JSON.readTree(r.value()).get("src").asText(), 1, Integer::sum);
            }
            assertThat(perSource).isEqualTo(Map.of("devices", RECORDS, "readings", RECORDS, "ledger", RECORDS));
            System.out.printf("[generated records] %d per source written in %.1f s, read %d, dead letters 0%n",
                    RECORDS, writeSeconds, out.size());
        } finally {
            client.cancel().get();
        }

        AvroDecoder avro = new AvroDecoder(Columns.of(devices).rowType());
        Map<String, Integer> partitionOfKey = new HashMap<>();
        List<ConsumerRecord<byte[], byte[]>> keyed = topics.readAll("gen.devices");
        assertThat(keyed).as("the compacted topic took every keyed record").hasSizeGreaterThanOrEqualTo(DEVICES);
        for (ConsumerRecord<byte[], byte[]> r : keyed) {
            RowData row = avro.decode(r.value());
            assertThat(Topics.text(r.key())).isEqualTo("{\"id\":" + row.getLong(0) + "}");
            assertThat(partitionOfKey.computeIfAbsent(Topics.text(r.key()), k -> r.partition()))
                    .as("one partition per key").isEqualTo(r.partition());
        }
        assertThat(partitionOfKey).hasSize(DEVICES);

        Map<String, String> categoryOfDevice = new HashMap<>();
        List<ConsumerRecord<byte[], byte[]>> jsonRecords = topics.readAll("gen.readings");
        assertThat(jsonRecords).hasSize(RECORDS);
        for (ConsumerRecord<byte[], byte[]> r : jsonRecords) {
            JsonNode value = JSON.readTree(r.value());
            String id = value.get("device_id").asText();
            assertThat(Topics.text(r.key())).isEqualTo("{\"device_id\":\"" + id + "\"}");
            assertThat(Long.parseLong(id)).as("a device the devices Source has").isBetween(1L, (long) DEVICES);
            assertThat(categoryOfDevice.computeIfAbsent(id, d -> value.get("category").asText()))
                    .as("one category per device").isEqualTo(value.get("category").asText());
        }
    }

    private static void write(GeneratorSpec spec, List<FieldPlan> fields, RecordFormat format, String topic,
            Map<String, GeneratorSpec> others) {
        RecordGenerator generator = new RecordGenerator(spec, fields, format, 42,
                new GeneratorPosition(0, 1_700_000_000_000L), spec.ratePerSecond, others);
        GeneratorFeed feed = new GeneratorFeed(generator, topic, Services.kafka().clientConfig(), spec.ratePerSecond,
                RECORDS);
        feed.run();
        assertThat(feed.failure()).as("generator of %s", topic).isNull();
        assertThat(feed.produced()).isEqualTo(RECORDS);
    }

    private static GeneratorSpec spec(List<String> key, GeneratorFieldSpec... fields) {
        GeneratorSpec spec = new GeneratorSpec();
        spec.ratePerSecond = 20_000;
        spec.key = key;
        spec.fields = new ArrayList<>(List.of(fields));
        return spec;
    }

    private static GeneratorFieldSpec entry(String name, GeneratorFieldSpec.Kind kind, Long min, Long max) {
        GeneratorFieldSpec entry = new GeneratorFieldSpec();
        entry.name = name;
        entry.kind = kind;
        entry.min = min;
        entry.max = max;
        return entry;
    }
}
