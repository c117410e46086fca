package dev.tributary.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * What {@code tributary --version} prints: Tributary's version (written in at build time) and the versions of Flink
 * and Kafka it embeds, as their own jars on the class path report them.
 */
final class Versions {

    private Versions() {
    }

    static String describe() {
        return "tributary " + tributary() + "\n"
                + "  Flink " + EnvironmentInformation.getVersion() + " (runtime, MiniCluster for dev)\n"
                + "  Kafka " + AppInfoParser.getVersion() + " (clients and the broker dev runs)\n"
                + "  Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")\n";
    }

    static String tributary() {
        try (InputStream in = Versions.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
