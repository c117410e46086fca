package dev.tributary.e2e.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The real kubectl binary, pointed at one cluster, with its discovery cache kept under target/. */
final class Kubectl {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final Path binary;
    private final Path kubeconfig;
    private final Path cacheDir;

    Kubectl(Path binary, Path kubeconfig, Path cacheDir) {
        this.binary = binary;
        this.kubeconfig = kubeconfig;
        this.cacheDir = cacheDir;
    }

    CommandResult run(String... args) {
        List<String> command = new ArrayList<>(args.length + 5);
        command.add(binary.toString());
        command.add("--kubeconfig=" + kubeconfig);
        command.add("--cache-dir=" + cacheDir);
        command.addAll(Arrays.asList(args));
        return Commands.run(command, Map.of("KUBECONFIG", kubeconfig.toString()), null, TIMEOUT);
    }
}
