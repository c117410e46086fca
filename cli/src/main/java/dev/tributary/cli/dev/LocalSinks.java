package dev.tributary.cli.dev;

import dev.tributary.api.Durations;
import dev.tributary.api.plan.FilesystemSinkPlan;
import dev.tributary.api.plan.JdbcSinkPlan;
import dev.tributary.api.plan.SecretCredentials;
import dev.tributary.api.plan.SinkPlan;
import dev.tributary.api.plan.WebhookSinkPlan;
import dev.tributary.api.v1alpha1.RecordFormat;
import dev.tributary.local.Postgres;
import dev.tributary.runtime.PipelineJob;
import dev.tributary.runtime.sink.SinkTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Points a plan's sinks at local stand-ins: JDBC at a local PostgreSQL (its own database and the table's schema,
 * credentials written as the local Secret and a password file for psql), webhooks at a receiver on 127.0.0.1 that
 * prints each POST, filesystem sinks at a folder under {@code .tributary/sinks} (rolled as often as dev
 * checkpoints). Kafka sinks stay as they are: their topics live on the local broker. Then watches each sink,
 * printing what it receives: Kafka records (Avro decoded), table rows, POSTs, and each committed file.
 */
final class LocalSinks implements AutoCloseable {

    private final DevState state;
    private final DevConsole console;
    private final List<ResultWatcher> watchers = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, String> jdbcDatabases = new HashMap<>();
    private Map<String, Object> kafka;
    private Postgres postgres;

    LocalSinks(DevState state, DevConsole console) {
        this.state = state;
        this.console = console;
    }

    /** The sink as it runs here; starts what it needs (a receiver, PostgreSQL). */
    SinkPlan local(SinkPlan sink, Map<String, Object> kafka) {
        this.kafka = kafka;
        return switch (sink.type()) {
            case KAFKA -> {
                notes.add(sink.name() + ": Kafka topic " + sink.kafka().topic() + " on the local broker");
                yield sink;
            }
            case WEBHOOK -> {
                WebhookReceiver receiver = new WebhookReceiver(sink.name(), console);
                watchers.add(receiver);
                WebhookSinkPlan webhook = sink.webhook();
                if (webhook.authorization() != null) {
                    writeSecret(webhook.authorization().secretName(), webhook.authorization().key(), "Bearer dev");
                }
                notes.add(sink.name() + ": webhook " + webhook.url() + " replaced by " + receiver.url());
                yield new SinkPlan(sink.name(), sink.type(), null, null, null, new WebhookSinkPlan(receiver.url(),
                        webhook.authorization(), webhook.maxRetries(), webhook.timeoutMs()), sink.fields());
            }
            case JDBC -> jdbc(sink);
            case FILESYSTEM -> {
                Path dir = state.sinkDir(sink.name());
                FilesystemSinkPlan fs = sink.filesystem();
                long roll = Math.min(fs.rollIntervalMs(), DevRun.DEV_CHECKPOINT_INTERVAL_MS);
                notes.add(sink.name() + ": " + fs.path() + " replaced by " + dir + " (" + fs.format().name()
                        .toLowerCase(Locale.ROOT) + " files, " + (roll < fs.rollIntervalMs() ? "a new one every "
                        + Durations.format(Duration.ofMillis(roll)) + " instead of every "
                        + Durations.format(Duration.ofMillis(fs.rollIntervalMs())) + ", " : "")
                        + "each printed when a checkpoint commits it)");
                yield new SinkPlan(sink.name(), sink.type(), null, null, new FilesystemSinkPlan(dir.toUri().toString(),
                        fs.format(), roll, null), null, sink.fields());
            }
        };
    }

    private SinkPlan jdbc(SinkPlan sink) {
        JdbcSinkPlan jdbc = sink.jdbc();
        if (!jdbc.url().startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("Sink " + sink.name() + ": dev runs JDBC sinks on a local PostgreSQL,"
                    + " and " + jdbc.url() + " is not a PostgreSQL URL");
        }
        if (postgres == null) {
            console.info("postgres: starting a local PostgreSQL (data in " + state.postgresDir() + ")");
            postgres = Postgres.start(state.postgresDir());
            writePasswordFile();
        }
        String database = database(jdbc.url());
        if (postgres.psql("postgres", "SELECT 1 FROM pg_database WHERE datname = '" + database + "'").isBlank()) {
            postgres.psql("postgres", "CREATE DATABASE \"" + database + "\"");
        }
        createSchema(database, jdbc.table());
        if (!jdbcDatabases.containsValue(database)) {
            console.info("postgres: look at the tables during the run: PGPASSFILE=" + shellWord(
                    state.pgpassFile().toString()) + " psql -h 127.0.0.1 -p " + postgres.port() + " -U "
                    + postgres.username() + " -d " + database);
        }
        jdbcDatabases.put(sink.name(), database);
        SecretCredentials credentials = jdbc.credentials() == null
                ? new SecretCredentials("tributary-dev-postgres", "username", "password") : jdbc.credentials();
        writeSecret(credentials.secretName(), credentials.usernameKey(), postgres.username());
        writeSecret(credentials.secretName(), credentials.passwordKey(), postgres.password());
        String url = postgres.jdbcUrl(database);
        notes.add(sink.name() + ": " + jdbc.url() + " replaced by " + url + ", table " + jdbc.table() + " (user "
                + postgres.username() + ", password in " + state.secretsDir().resolve(credentials.secretName())
                .resolve(credentials.passwordKey()) + ")");
        return new SinkPlan(sink.name(), sink.type(), null, new JdbcSinkPlan(url, jdbc.table(), credentials,
                jdbc.upsertKey(), jdbc.flushIntervalMs(), jdbc.batchSize()), null, null, sink.fields());
    }

    /**
     * The sink's schema, when its table names one that the database lacks: in production it must exist, here it
     * is made (unquoted, so PostgreSQL folds it to lower case as it does the table name the runtime writes).
     */
    private void createSchema(String database, String table) {
        int dot = table.indexOf('.');
        if (dot < 0) {
            return;
        }
        String schema = table.substring(0, dot).toLowerCase(Locale.ROOT);
        if (!schema.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("the schema '" + schema + "' of table " + table
                    + " is not one dev can create: use letters, digits and _");
        }
        if (postgres.psql(database, "SELECT 1 FROM pg_namespace WHERE nspname = '" + schema + "'").isBlank()) {
            postgres.psql(database, "CREATE SCHEMA IF NOT EXISTS " + schema);
            console.info("postgres: created the schema " + schema + " in database " + database + " for table " + table
                    + " (in production, create it before the Pipeline starts)");
        }
    }

    /**
     * A libpq password file for the local server, readable by its owner only (libpq ignores it otherwise), so the
     * psql line dev prints needs no password on the screen.
     */
    private void writePasswordFile() {
        Path file = state.pgpassFile();
        String line = "127.0.0.1:" + postgres.port() + ":*:" + pgpassField(postgres.username()) + ":"
                + pgpassField(postgres.password()) + "\n";
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, line, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the password file " + file, e);
        }
    }

    private static String pgpassField(String value) {
        return value.replace("\\", "\\\\").replace(":", "\\:");
    }

    private static String shellWord(String word) {
        return word.matches("[A-Za-z0-9_./@%+=:,-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    /**
     * Starts printing what each sink receives, from now on; call once the runtime has prepared the job (and created
     * the JDBC tables), before it starts.
     */
    void watch(List<PipelineJob.SinkTable> tables) {
        for (PipelineJob.SinkTable table : tables) {
            SinkPlan sink = table.plan();
            switch (sink.type()) {
                case KAFKA -> watchers.add(sink.kafka().format() == RecordFormat.AVRO
                        ? new KafkaSinkPrinter(sink.name(), sink.kafka().topic(), kafka, console,
                                new AvroRecordText(SinkTables.writtenRowType(sink, table.columns())))
                        : new KafkaSinkPrinter(sink.name(), sink.kafka().topic(), kafka, console));
                case JDBC -> watchers.add(new JdbcRowPrinter(sink.name(), postgres, jdbcDatabases.get(sink.name()),
                        sink.jdbc().table(), console));
                case FILESYSTEM -> watchers.add(new CommittedFiles(sink.name(), state.sinkDir(sink.name()),
                        sink.filesystem().format(), SinkTables.writtenRowType(sink, table.columns()), console));
                case WEBHOOK -> {
                    // its receiver prints each POST since it started
                }
            }
        }
    }

    List<String> notes() {
        return notes;
    }

    List<ResultWatcher> watchers() {
        return watchers;
    }

    static String database(String jdbcUrl) {
        String path = URI.create(jdbcUrl.substring("jdbc:".length())).getPath();
        String name = path == null || path.length() <= 1 ? "postgres" : path.substring(1);
        if (!name.matches("[A-Za-z0-9_\\-]+")) {
            throw new IllegalArgumentException("the database name '" + name + "' in " + jdbcUrl
                    + " is not one dev can create: use letters, digits, _ and -");
        }
        return name;
    }

    /** A local Secret's value, as a mounted Secret is: in a file only its owner can read. */
    private void writeSecret(String secret, String key, String value) {
        Path file = state.secretsDir().resolve(secret).resolve(key);
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, value, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the local Secret " + file, e);
        }
    }

    @Override
    public void close() {
        watchers.forEach(ResultWatcher::close);
        if (postgres != null) {
            postgres.close();
        }
    }
}
