package dev.tributary.e2e.operator;

import dev.tributary.local.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The operator image (images/build.sh) run with podman as the chart runs its pod: the image's user, a read-only
 * root filesystem with a tmpfs at /tmp, a memory limit; on the host's network namespace, so the API server and the
 * broker on 127.0.0.1 are where the kubeconfig and the settings say. The kubeconfig's directory is mounted
 * read-only at the same path. The container is removed by name on {@link #remove}, which {@link OperatorProcess}
 * calls when it kills the operator and at JVM exit.
 */
public final class OperatorContainer {

    private final String image;
    private final Path containersConf;
    private final String name = "tributary-e2e-operator-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

    public OperatorContainer(String image, Path containersConf) {
        this.image = image;
        this.containersConf = containersConf;
    }

    String name() {
        return name;
    }

    ChildProcess.Launch run(Map<String, String> settings, Path kubeconfig) {
        remove();
        Path kubeconfigDir = kubeconfig.toAbsolutePath().getParent();
        List<String> command = new ArrayList<>(List.of("podman", "run", "--rm", "--name", name, "--network", "host",
                "--read-only", "--tmpfs", "/tmp:rw,size=64m,mode=1777", "--memory", "512m",
                "--label", "dev.tributary.test=e2e", "-v", kubeconfigDir + ":" + kubeconfigDir + ":ro"));
        settings.keySet().forEach(key -> command.addAll(List.of("-e", key)));
        command.add(image);
        return ChildProcess.command("the operator's container", command)
                .env(Map.of("CONTAINERS_CONF", containersConf.toString()));
    }

    /** {@code podman rm -f}: gone, whatever happened to its podman client. */
    void remove() {
        try {
            ProcessBuilder rm = new ProcessBuilder("podman", "rm", "-f", "--ignore", name)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            rm.environment().put("CONTAINERS_CONF", containersConf.toString());
            Process process = rm.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
