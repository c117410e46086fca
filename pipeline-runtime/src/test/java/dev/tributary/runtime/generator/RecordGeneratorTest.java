package dev.tributary.runtime.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.plan.FieldPlan;
import dev.tributary.api.v1alpha1.GeneratorBurstSpec;
import dev.tributary.api.v1alpha1.GeneratorBurstStepSpec;
import dev.tributary.api.v1alpha1.GeneratorFieldSpec;
import dev.tributary.api.v1alpha1.GeneratorSpec;
import dev.tributary.api.v1alpha1.RecordFormat;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordGeneratorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long ANCHOR = 1_700_000_000_000L;
    private static final List<FieldPlan> PAYMENTS = List.of(new FieldPlan("id", "BIGINT NOT NULL"),
            new FieldPlan("card", "STRING NOT NULL"), new FieldPlan("amount", "DECIMAL(12, 2)"),
            new FieldPlan("kind", "STRING"), new FieldPlan("ok", "BOOLEAN"), new FieldPlan("ts", "TIMESTAMP(3)"));

    @Test
    void theSameSeedAndStartGiveTheSameRecords() {
        GeneratorSpec spec = spec(100, 1, null);
        assertThat(values(new RecordGenerator(spec, PAYMENTS, RecordFormat.JSON, 7, ANCHOR, 0), 50))
                .isEqualTo(values(new RecordGenerator(spec, PAYMENTS, RecordFormat.JSON, 7, ANCHOR, 0), 50))
                .isNotEqualTo(values(new RecordGenerator(spec, PAYMENTS, RecordFormat.JSON, 8, ANCHOR, 0), 50));
    }

    @Test
    void fieldsFollowTheirKindsAndTypes() throws Exception {
        RecordGenerator generator = new RecordGenerator(spec(100, 1, null), PAYMENTS, RecordFormat.JSON, 1, ANCHOR, 10);
        for (int i = 0; i < 200; i++) {
            JsonNode record = JSON.readTree(generator.next().value());
            assertThat(record.get("id").asLong()).isEqualTo(100 + i + 10);
            assertThat(Integer.parseInt(record.get("card").asText())).isBetween(1, 20);
            assertThat(record.get("amount").decimalValue()).isBetween(new java.math.BigDecimal("5"),
                    new java.math.BigDecimal("2500"));
            assertThat(record.get("amount").decimalValue().scale()).isLessThanOrEqualTo(2);
            assertThat(record.get("kind").asText()).isIn("a", "b");
            assertThat(record.get("ok").isBoolean()).isTrue();
        }
    }

    @Test
    void eventTimeAdvancesByTimeScaleOverRateAndLagsAtMostOutOfOrder() throws Exception {
        GeneratorSpec spec = spec(200, 300, "3s");
        RecordGenerator generator = new RecordGenerator(spec, PAYMENTS, RecordFormat.JSON, 1, ANCHOR, 0);
        for (int i = 0; i < 500; i++) {
            GeneratedRecord record = generator.next();
            long nominal = ANCHOR + i * 1500L;
            assertThat(record.eventTimeMs()).isBetween(nominal - 3000, nominal);
            LocalDateTime ts = LocalDateTime.parse(JSON.readTree(record.value()).get("ts").asText().replace(' ', 'T'));
            assertThat(ts.toInstant(ZoneOffset.UTC).toEpochMilli()).isEqualTo(record.eventTimeMs());
        }
    }

    @Test
    void burstsRunStepByStepOnOneKeyWithTheirOverridesAndDelay() throws Exception {
        GeneratorSpec spec = spec(100, 1, null);
        GeneratorBurstStepSpec smalls = step(3, 5, field("amount", GeneratorFieldSpec.Kind.RANDOM, 1, 4), null);
        GeneratorBurstStepSpec large = step(1, 1, field("amount", GeneratorFieldSpec.Kind.RANDOM, 600, 2500), "2m");
        GeneratorBurstSpec burst = new GeneratorBurstSpec();
        burst.key = "card";
        burst.probability = 0.05;
        burst.steps = List.of(smalls, large);
        spec.bursts = List.of(burst);
        RecordGenerator generator = new RecordGenerator(spec, PAYMENTS, RecordFormat.JSON, 3, ANCHOR, 0);
        List<GeneratedRecord> records = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            records.add(generator.next());
        }
        int bursts = 0;
        for (int i = 0; i < records.size(); i++) {
            if (amount(records.get(i)) >= 5) {
                continue;
            }
            int start = i;
            String card = field(records.get(i), "card");
            while (i < records.size() && amount(records.get(i)) < 5) {
                assertThat(field(records.get(i), "card")).isEqualTo(card);
                i++;
            }
            if (i == records.size()) {
                break;
            }
            assertThat(i - start).isBetween(3, 5);
            assertThat(field(records.get(i), "card")).isEqualTo(card);
            assertThat(amount(records.get(i))).isBetween(600.0, 2500.0);
            long nominal = ANCHOR + records.get(i).index() * 10L;
            assertThat(records.get(i).eventTimeMs()).isEqualTo(nominal - 120_000);
            bursts++;
        }
        assertThat(bursts).isBetween(100, 400);
    }

    @Test
    void writtenFasterThanDeclaredEventTimeKeepsThePaceOfTimeScaleTimesTheClock() {
        GeneratorSpec spec = spec(20, 300, null);
        // written at 400/s rather than 20/s: 400 records are one second of the clock, 300 s of event time
        RecordGenerator generator = new RecordGenerator(spec, PAYMENTS, RecordFormat.JSON, 1,
                new GeneratorPosition(1000, ANCHOR), 400, Map.of());
        List<GeneratedRecord> records = new ArrayList<>();
        for (int i = 0; i <= 400; i++) {
            records.add(generator.next());
        }
        assertThat(records.get(0).index()).isEqualTo(1000);
        assertThat(records.get(0).nominalTimeMs()).isEqualTo(ANCHOR);
        assertThat(records.get(0).eventTimeMs()).isEqualTo(ANCHOR);
        assertThat(records.get(400).nominalTimeMs()).isEqualTo(ANCHOR + 300_000);
    }

    @Test
    void carriesOnFromTheLastWrittenRecord() {
        GeneratorPosition next = new GeneratorPosition.Written(41, ANCHOR, 42)
                .next(RecordGenerator.eventMsPerRecord(spec(20, 1, null), 20));
        assertThat(next).isEqualTo(new GeneratorPosition(42, ANCHOR + 50));
    }

    @Test
    void writesCsvAndRefusesNestedTypesInIt() {
        RecordGenerator csv = new RecordGenerator(spec(100, 1, null), PAYMENTS, RecordFormat.CSV, 1, ANCHOR, 0);
        assertThat(new String(csv.next().value(), StandardCharsets.UTF_8)).matches("100,\\d+,[\\d.]+,[ab],(true|false),"
                + "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
        assertThatThrownBy(() -> new RecordGenerator(spec(100, 1, null), List.of(new FieldPlan("tags",
                "ARRAY<STRING>")), RecordFormat.CSV, 1, ANCHOR, 0))
                .hasMessageContaining("column 'tags' has type ARRAY<STRING>, which csv cannot carry");
    }

    @Test
    void keyFieldsMakeAJsonKeyAndPerFieldsRepeatForEachValueOfTheirField() throws Exception {
        List<FieldPlan> readings = List.of(new FieldPlan("device", "STRING NOT NULL"),
                new FieldPlan("category", "STRING"), new FieldPlan("owner", "STRING"), new FieldPlan("temp", "DOUBLE"));
        GeneratorSpec spec = new GeneratorSpec();
        spec.ratePerSecond = 100;
        spec.key = List.of("device");
        GeneratorFieldSpec category = field("category", GeneratorFieldSpec.Kind.ONE_OF, 0, 0);
        category.values = List.of("pump", "fan", "valve", "sensor");
        category.per = "device";
        GeneratorFieldSpec owner = field("owner", GeneratorFieldSpec.Kind.UUID, 0, 0);
        owner.per = "device";
        spec.fields = List.of(field("device", GeneratorFieldSpec.Kind.RANDOM, 1, 40), category, owner);
        java.util.Map<String, String> categories = new java.util.HashMap<>();
        java.util.Map<String, String> owners = new java.util.HashMap<>();
        RecordGenerator generator = new RecordGenerator(spec, readings, RecordFormat.JSON, 5, ANCHOR, 0);
        for (int i = 0; i < 2000; i++) {
            GeneratedRecord record = generator.next();
            JsonNode value = JSON.readTree(record.value());
            String device = value.get("device").asText();
            assertThat(JSON.readTree(record.key())).isEqualTo(JSON.createObjectNode().put("device", device));
            assertThat(categories.computeIfAbsent(device, d -> value.get("category").asText()))
                    .as("device %s keeps its category", device).isEqualTo(value.get("category").asText());
            assertThat(owners.computeIfAbsent(device, d -> value.get("owner").asText()))
                    .as("device %s keeps its owner", device).isEqualTo(value.get("owner").asText());
        }
        assertThat(categories).hasSize(40);
        assertThat(new java.util.HashSet<>(categories.values())).hasSize(4);
        assertThat(new java.util.HashSet<>(owners.values())).hasSize(40);
        // the same device gets the same category in a run with another start (a resumed run)
        GeneratedRecord later = new RecordGenerator(spec, readings, RecordFormat.JSON, 5, ANCHOR, 777).next();
        JsonNode value = JSON.readTree(later.value());
        assertThat(value.get("category").asText()).isEqualTo(categories.get(value.get("device").asText()));
    }

    @Test
    void lookupFieldsTakeTheValuesTheOtherSourcesGeneratorGivesItsField() throws Exception {
        GeneratorSpec customers = new GeneratorSpec();
        customers.ratePerSecond = 10;
        customers.fields = List.of(field("id", GeneratorFieldSpec.Kind.SEQUENCE, 1000, 1049));
        GeneratorSpec orders = new GeneratorSpec();
        orders.ratePerSecond = 100;
        GeneratorFieldSpec customer = field("customer_id", GeneratorFieldSpec.Kind.LOOKUP, 0, 0);
        customer.min = null;
        customer.max = null;
        customer.lookup = new dev.tributary.api.v1alpha1.GeneratorLookupSpec();
        customer.lookup.source = "customers";
        customer.lookup.field = "id";
        orders.fields = List.of(customer);
        List<FieldPlan> fields = List.of(new FieldPlan("order_id", "BIGINT"), new FieldPlan("customer_id", "INT"));
        RecordGenerator generator = new RecordGenerator(orders, fields, RecordFormat.JSON, 1,
                new GeneratorPosition(0, ANCHOR), 100, Map.of("customers", customers));
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < 2000; i++) {
            seen.add(JSON.readTree(generator.next().value()).get("customer_id").asLong());
        }
        assertThat(seen).as("every customer id that exists, and only those").hasSize(50)
                .allSatisfy(id -> assertThat(id).isBetween(1000L, 1049L));
        assertThatThrownBy(() -> new RecordGenerator(orders, fields, RecordFormat.JSON, 1,
                new GeneratorPosition(0, ANCHOR), 100, Map.of()))
                .hasMessageContaining("generator field 'customer_id' looks up field 'id' of Source 'customers'");
    }

    @Test
    void theSameSeedGivesTheSameKeysValuesAndDerivedFields() {
        GeneratorSpec spec = spec(100, 1, "1s");
        spec.key = List.of("card", "kind");
        GeneratorFieldSpec ok = field("ok", GeneratorFieldSpec.Kind.RANDOM, 0, 1);
        ok.per = "card";
        List<GeneratorFieldSpec> fields = new ArrayList<>(spec.fields);
        fields.add(ok);
        spec.fields = fields;
        List<String> first = keysAndValues(new RecordGenerator(spec, PAYMENTS, RecordFormat.AVRO, 9, ANCHOR, 0), 300);
        assertThat(keysAndValues(new RecordGenerator(spec, PAYMENTS, RecordFormat.AVRO, 9, ANCHOR, 0), 300))
                .isEqualTo(first);
        assertThat(keysAndValues(new RecordGenerator(spec, PAYMENTS, RecordFormat.AVRO, 10, ANCHOR, 0), 300))
                .isNotEqualTo(first);
    }

    private static List<String> keysAndValues(RecordGenerator generator, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            GeneratedRecord r = generator.next();
            out.add(new String(r.key(), StandardCharsets.UTF_8) + " " + java.util.HexFormat.of().formatHex(r.value()));
        }
        return out;
    }

    private static GeneratorSpec spec(int rate, int timeScale, String outOfOrder) {
        GeneratorSpec spec = new GeneratorSpec();
        spec.ratePerSecond = rate;
        spec.timeScale = timeScale;
        spec.outOfOrder = outOfOrder;
        GeneratorFieldSpec kind = field("kind", GeneratorFieldSpec.Kind.ONE_OF, 0, 0);
        kind.min = null;
        kind.max = null;
        kind.values = List.of("a", "b");
        spec.fields = List.of(field("id", GeneratorFieldSpec.Kind.SEQUENCE, 100, 1_000_000),
                field("card", GeneratorFieldSpec.Kind.RANDOM, 1, 20),
                field("amount", GeneratorFieldSpec.Kind.RANDOM, 5, 2500), kind,
                field("ts", GeneratorFieldSpec.Kind.EVENT_TIME, 0, 0));
        return spec;
    }

    private static GeneratorFieldSpec field(String name, GeneratorFieldSpec.Kind kind, long min, long max) {
        GeneratorFieldSpec f = new GeneratorFieldSpec();
        f.name = name;
        f.kind = kind;
        f.min = min;
        f.max = max;
        return f;
    }

    private static GeneratorBurstStepSpec step(int min, int max, GeneratorFieldSpec field, String delay) {
        GeneratorBurstStepSpec step = new GeneratorBurstStepSpec();
        step.minRecords = min;
        step.maxRecords = max;
        step.fields = List.of(field);
        step.delay = delay;
        return step;
    }

    private static List<String> values(RecordGenerator generator, int n) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            values.add(new String(generator.next().value(), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static double amount(GeneratedRecord record) {
        return Double.parseDouble(field(record, "amount"));
    }

    private static String field(GeneratedRecord record, String name) {
        try {
            return JSON.readTree(record.value()).get(name).asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
