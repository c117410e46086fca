package dev.tributary.e2e.chart;

import dev.tributary.e2e.cluster.CommandResult;
import dev.tributary.e2e.cluster.Commands;
import dev.tributary.e2e.cluster.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The real helm 3 binary of the toolchain, pointed at one cluster, with its caches and config under target/. */
final class Helm {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private final TestCluster cluster;
    private final Path home;

    Helm(TestCluster cluster, Path home) {
        this.cluster = cluster;
        this.home = home;
    }

    CommandResult run(String... args) {
        List<String> command = new ArrayList<>();
        command.add(cluster.helm().toString());
        command.add("--kubeconfig=" + cluster.kubeconfig());
        command.addAll(Arrays.asList(args));
        return Commands.run(command, Map.of(
                "HELM_CACHE_HOME", home.resolve("cache").toString(),
                "HELM_CONFIG_HOME", home.resolve("config").toString(),
                "HELM_DATA_HOME", home.resolve("data").toString()), null, TIMEOUT);
    }

    /** Runs helm and fails with its output unless it succeeded. */
    CommandResult succeed(String... args) {
        CommandResult result = run(args);
        if (!result.succeeded()) {
            throw new AssertionError(result.describe());
        }
        return result;
    }
}
