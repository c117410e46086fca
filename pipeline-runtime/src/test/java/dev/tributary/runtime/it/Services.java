package dev.tributary.runtime.it;

import dev.tributary.local.KafkaBroker;
import dev.tributary.local.Postgres;
import java.nio.file.Path;

/**
 * One Kafka broker and one PostgreSQL per test JVM, started on first use and stopped when the JVM exits; each test
 * uses its own topics and tables, so tests share them safely and the start-up cost is paid once.
 */
public final class Services {

    private static KafkaBroker kafka;
    private static Postgres postgres;

    private Services() {
    }

    public static synchronized KafkaBroker kafka() {
        if (kafka == null) {
            kafka = KafkaBroker.start(target().resolve("kafka-" + System.currentTimeMillis()));
            KafkaBroker started = kafka;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "kafka-stop"));
        }
        return kafka;
    }

    public static synchronized Postgres postgres() {
        if (postgres == null) {
            postgres = Postgres.start(target().resolve("postgres-" + System.currentTimeMillis()));
        }
        return postgres;
    }

    public static Path target() {
        return Path.of(System.getProperty("tributary.target", "target")).toAbsolutePath();
    }
}
