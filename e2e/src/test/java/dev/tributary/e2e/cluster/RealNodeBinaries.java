package dev.tributary.e2e.cluster;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** kubelet, kube-proxy and CoreDNS as the node step of e2e/provision/provision.sh built them, from the toolchain. */
record RealNodeBinaries(Path kubelet, Path kubeProxy, Path coredns) {

    /** The node's binaries, or null when the toolchain names none (provisioned with TRIBUTARY_PROVISION_NODE=0). */
    static RealNodeBinaries loadOrNull() {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(Toolchain.location())) {
            p.load(in);
        } catch (IOException e) {
            return null;
        }
        Path kubelet = executable(p, "kubelet");
        Path kubeProxy = executable(p, "kube-proxy");
        Path coredns = executable(p, "coredns");
        return kubelet == null || kubeProxy == null || coredns == null ? null
                : new RealNodeBinaries(kubelet, kubeProxy, coredns);
    }

    private static Path executable(Properties p, String key) {
        String value = p.getProperty(key);
        return value == null || !Files.isExecutable(Path.of(value.trim())) ? null : Path.of(value.trim());
    }
}
