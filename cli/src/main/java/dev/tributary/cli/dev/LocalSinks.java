package dev.tributary.cli.dev;

import dev.tributary.api.plan.FilesystemSinkPlan;
import dev.tributary.api.plan.JdbcSinkPlan;
import dev.tributary.api.plan.SecretCredentials;
import dev.tributary.api.plan.SinkPlan;
import dev.tributary.api.plan.WebhookSinkPlan;
import dev.tributary.local.Postgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Points a plan's sinks at local stand-ins: JDBC at a local PostgreSQL (its own database, credentials written as
 * the local Secret), webhooks at a receiver on 127.0.0.1 that prints each POST, filesystem sinks at a folder under
 * {@code .tributary/sinks}. Kafka sinks stay as they are: their topics live on the local broker. Then watches
 * each sink, printing what it receives.
 */
final class LocalSinks implements AutoCloseable {

    private final DevState state;
    private final DevConsole console;
    private final List<ResultWatcher> watchers = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<Runnable> pendingJdbcPrinters = new ArrayList<>();
    private Postgres postgres;

    LocalSinks(DevState state, DevConsole console) {
        this.state = state;
        this.console = console;
    }

    /** The sink as it runs here; starts what it needs (a receiver, PostgreSQL). */
    SinkPlan local(SinkPlan sink, Map<String, Object> kafka) {
        return switch (sink.type()) {
            case KAFKA -> {
                watchers.add(new KafkaSinkPrinter(sink.name(), sink.kafka().topic(), kafka, console));
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
                notes.add(sink.name() + ": " + fs.path() + " replaced by " + dir + " (" + fs.format() + " files,"
                        + " visible after each checkpoint)");
                yield new SinkPlan(sink.name(), sink.type(), null, null, new FilesystemSinkPlan(dir.toUri().toString(),
                        fs.format(), fs.rollIntervalMs(), null), null, sink.fields());
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
        }
        String database = database(jdbc.url());
        if (postgres.psql("postgres", "SELECT 1 FROM pg_database WHERE datname = '" + database + "'").isBlank()) {
            postgres.psql("postgres", "CREATE DATABASE \"" + database + "\"");
        }
        SecretCredentials credentials = jdbc.credentials() == null
                ? new SecretCredentials("tributary-dev-postgres", "username", "password") : jdbc.credentials();
        writeSecret(credentials.secretName(), credentials.usernameKey(), postgres.username());
        writeSecret(credentials.secretName(), credentials.passwordKey(), postgres.password());
        String url = postgres.jdbcUrl(database);
        notes.add(sink.name() + ": " + jdbc.url() + " replaced by " + url + ", table " + jdbc.table() + " (user "
                + postgres.username() + ", password in " + state.secretsDir().resolve(credentials.secretName())
                .resolve(credentials.passwordKey()) + ")");
        pendingJdbcPrinters.add(() -> watchers.add(new JdbcRowPrinter(sink.name(), postgres, database, jdbc.table(),
                console)));
        return new SinkPlan(sink.name(), sink.type(), null, new JdbcSinkPlan(url, jdbc.table(), credentials,
                jdbc.upsertKey(), jdbc.flushIntervalMs(), jdbc.batchSize()), null, null, sink.fields());
    }

    /** Starts watching JDBC tables; call once the runtime has created them. */
    void watchTables() {
        pendingJdbcPrinters.forEach(Runnable::run);
        pendingJdbcPrinters.clear();
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

    private void writeSecret(String secret, String key, String value) {
        Path file = state.secretsDir().resolve(secret).resolve(key);
        try {
            Files.createDirectories(file.getParent());
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
