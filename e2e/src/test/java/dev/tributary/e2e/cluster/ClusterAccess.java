package dev.tributary.e2e.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How the suites reach a cluster: its kubeconfig written to {@code <dir>/kubeconfig} (for kubectl, helm and the
 * operator process), a client built from the same text, and kubectl with a discovery cache of its own.
 */
record ClusterAccess(Path kubeconfig, KubernetesClient client, Kubectl kubectl) {

    static ClusterAccess write(Path dir, String kubeconfigYaml, Path kubectlBinary) {
        Path kubeconfig = dir.resolve("kubeconfig");
        try {
            Files.createDirectories(dir);
            Files.writeString(kubeconfig, kubeconfigYaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfigYaml))
                .build();
        Kubectl kubectl = new Kubectl(kubectlBinary, kubeconfig, dir.resolve("kubectl-cache"));
        return new ClusterAccess(kubeconfig, client, kubectl);
    }
}
