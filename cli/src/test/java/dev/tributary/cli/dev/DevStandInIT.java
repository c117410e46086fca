package dev.tributary.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.local.Postgres;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code tributary dev} standing in for production where a Pipeline names what only production has: checkpoints in
 * an object store, a JDBC table in a schema of its own; and printing what binary sinks wrote (Avro records, files)
 * readably. Each run in its own JVM with a real broker, PostgreSQL and MiniCluster.
 */
class DevStandInIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RUN_LIMIT = Duration.ofMinutes(10);
    private static final Path WORK = Path.of("target", "dev-standin-it").toAbsolutePath();
    private static final Pattern PSQL_LINE = Pattern.compile("^postgres: look at the tables during the run: (.+)$");
    private static final Pattern FILE_LINE = Pattern.compile("^file committed: (\\S+), (\\d+) rows?.*");

    @BeforeAll
    static void clean() throws IOException {
        TestFiles.delete(WORK);
    }

    @Test
    void anObjectStorePipelineWritesASchemaQualifiedTableLocallyAndThePrintedPsqlLineConnects() throws Exception {
        Path dir = copy("enrich");
        try (DevProcess dev = DevProcess.start(WORK, dir.toString(), "--max-records", "1500", "--rate", "100")) {
            dev.awaitLine("[enriched-orders] ", RUN_LIMIT);
            List<String> stdout = dev.stdout();
            String psqlLine = stdout.stream().map(PSQL_LINE::matcher).filter(Matcher::matches)
                    .map(m -> m.group(1)).findFirst().orElseThrow(() -> new AssertionError("no psql line in "
                            + String.join("\n", stdout)));
            assertThat(psqlLine).contains(" -h 127.0.0.1 ", " -U tributary ", " -d shop")
                    .startsWith("PGPASSFILE=" + dir.resolve(".tributary/pgpass") + " psql ");
            // exactly as printed, while the run goes on
            String counted = shell(psqlLine + " -X -A -t -c 'SELECT count(*) > 0, count(*) = count(*) FILTER"
                    + " (WHERE amount_cents = amount * 100) FROM analytics.enriched_orders'");
            assertThat(counted.strip()).as(counted).isEqualTo("t|t");

            assertThat(dev.exitCode(RUN_LIMIT)).as(dev.describe()).isZero();
            assertThat(dev.stdout()).as(dev.describe())
                    .contains("checkpoint: the Pipeline keeps them in s3://shop-checkpoints/flink/shop/enrich-orders"
                            + "/checkpoints; dev keeps them in " + dir.resolve(".tributary/state/checkpoints").toUri()
                            .toString().replaceAll("/$", "") + " instead")
                    .contains("postgres: created the schema analytics in database shop for table"
                            + " analytics.enriched_orders (in production, create it before the Pipeline starts)")
                    .anyMatch(l -> l.startsWith("done: all 1500 generated records read and checkpointed"));
            assertThat(dev.stdout()).noneMatch(l -> l.contains(Postgres.PASSWORD));
            assertThat(dev.stderr()).noneMatch(l -> l.contains(Postgres.PASSWORD));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(".tributary/pgpass"))))
                .isEqualTo("rw-------");
        try (Stream<Path> secrets = Files.walk(dir.resolve(".tributary/secrets"))) {
            assertThat(secrets.filter(Files::isRegularFile).toList()).as("the local Secrets hold the password")
                    .isNotEmpty().allSatisfy(file -> assertThat(PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(file))).as(file.toString()).isEqualTo("rw-------"));
        }
        try (Stream<Path> checkpoints = Files.list(dir.resolve(".tributary/state/checkpoints"))) {
            assertThat(checkpoints.flatMap(DevStandInIT::list).map(p -> p.getFileName().toString()))
                    .anyMatch(name -> name.startsWith("chk-"));
        }
        try (Postgres postgres = Postgres.start(dir.resolve(".tributary/postgres"))) {
            String row = postgres.psql("shop", "SELECT count(*), count(DISTINCT order_id), min(order_id),"
                    + " max(order_id), count(*) FILTER (WHERE amount_cents = amount * 100 AND customer IN"
                    + " ('ADA', 'BOB', 'CY')) FROM analytics.enriched_orders");
            assertThat(row.strip()).isEqualTo("1500|1500|1|1500|1500");
        }
    }

    @Test
    void avroRecordsAndCommittedFilesArePrintedReadably() throws Exception {
        Path dir = copy("outputs");
        try (DevProcess dev = DevProcess.start(WORK, dir.toString(), "--max-records", "300", "--rate", "50")) {
            assertThat(dev.exitCode(RUN_LIMIT)).as(dev.describe()).isZero();

            List<String> avro = dev.results("orders-avro");
            assertThat(avro).as(dev.describe()).hasSize(300);
            Set<Long> ids = new HashSet<>();
            for (String line : avro) {
                JsonNode order = JSON.readTree(line);
                assertOrder(order, line);
                ids.add(order.get("order_id").asLong());
            }
            assertThat(ids).hasSize(300);

            for (String sink : List.of("orders-json", "orders-csv", "orders-parquet")) {
                List<String> printed = dev.results(sink);
                long rows = 0;
                int files = 0;
                for (String line : printed) {
                    Matcher file = FILE_LINE.matcher(line);
                    if (file.matches()) {
                        Path path = Path.of(file.group(1));
                        assertThat(path.getParent()).isEqualTo(dir.resolve(".tributary/sinks/" + sink));
                        assertThat(Long.parseLong(file.group(2))).as(line).isEqualTo(rowsIn(path));
                        rows += Long.parseLong(file.group(2));
                        files++;
                    } else {
                        assertThat(line).as(sink + " prints file lines and sample rows only").startsWith("  ");
                        assertSampleRow(sink, line.strip());
                    }
                }
                assertThat(files).as(dev.describe()).isPositive();
                assertThat(rows).as(sink + " rows in committed files").isBetween(1L, 300L);
                assertThat(printed.stream().filter(l -> l.startsWith("  "))).as(sink + " sample rows").isNotEmpty();
            }
            assertThat(dev.results("orders-csv")).anyMatch(l -> l.contains(
                    "rows (columns order_id,customer,amount,ordered_at); first "));
        }
    }

    private static void assertSampleRow(String sink, String row) throws IOException {
        if (sink.equals("orders-csv")) {
            String[] values = row.split(",");
            assertThat(values).as(row).hasSize(4);
            assertThat(Long.parseLong(values[0])).isBetween(1L, 300L);
            assertThat(values[1]).isIn("ada", "bob", "cy");
            assertThat(Double.parseDouble(values[2])).isBetween(1.0, 500.0);
        } else {
            assertOrder(JSON.readTree(row), row);
        }
    }

    private static void assertOrder(JsonNode order, String line) {
        assertThat(order.get("order_id").asLong()).as(line).isBetween(1L, 300L);
        assertThat(order.get("customer").asText()).as(line).isIn("ada", "bob", "cy");
        assertThat(order.get("amount").isNumber()).as(line).isTrue();
        assertThat(order.get("amount").asDouble()).as(line).isBetween(1.0, 500.0);
        assertThat(order.get("ordered_at").asText()).as(line).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*");
    }

    /** The rows of a committed file, read apart from dev: lines, or the Parquet footer's count. */
    private static long rowsIn(Path file) throws IOException {
        if (file.toString().contains("orders-parquet")) {
            try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
                return reader.getRecordCount();
            }
        }
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.filter(l -> !l.isBlank()).count();
        }
    }

    private static Stream<Path> list(Path dir) {
        try {
            return Files.isDirectory(dir) ? Files.list(dir).toList().stream() : Stream.empty();
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    private static String shell(String command) throws Exception {
        Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).as(command).isTrue();
        assertThat(process.exitValue()).as(command + "\n" + output).isZero();
        return output;
    }

    private static Path copy(String name) throws IOException, URISyntaxException {
        Path source = Path.of(DevStandInIT.class.getResource("/dev-standin/" + name).toURI());
        Path target = WORK.resolve(name);
        TestFiles.delete(target);
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
        return target;
    }
}
