package dev.tributary.e2e.cluster;

import java.nio.file.Path;

/**
 * Where the real node keeps its state and which addresses it uses. containerd's root (with the imported images) is
 * kept between runs as a cache; everything else is made at start and removed at clean-up. Logs and configuration go
 * to the work directory ({@code target/real-node}).
 */
record RealNodeLayout(Path work, Path varDir, Path runDir) {

    static final String NODE_NAME = "tributary-node";
    static final String BRIDGE = "tributary0";
    static final String POD_CIDR = "10.247.0.0/24";
    /** The bridge's own address: kubelet's node address, cluster DNS, and where the test's broker listens for pods. */
    static final String GATEWAY = "10.247.0.1";
    /** kube-api-test's --service-cluster-ip-range. */
    static final String SERVICE_CIDR = "10.0.0.0/24";
    /** Under every cgroup v1 controller, made before kubelet starts and removed at clean-up. */
    static final String CGROUP_ROOT = "tributary-node";

    static RealNodeLayout of(Path work) {
        return new RealNodeLayout(work, Path.of("/var/lib/tributary-node"), Path.of("/run/tributary-node"));
    }

    Path containerdRoot() {
        return varDir.resolve("containerd");
    }

    Path kubeletRoot() {
        return varDir.resolve("kubelet");
    }

    Path containerdState() {
        return runDir.resolve("containerd");
    }

    Path containerdSocket() {
        return runDir.resolve("containerd.sock");
    }

    Path ipamData() {
        return runDir.resolve("ipam");
    }

    Path pidFile() {
        return runDir.resolve("pids");
    }

    Path cniConf() {
        return work.resolve("cni");
    }

    Path resolvConf() {
        return work.resolve("resolv.conf");
    }

    Path log(String component) {
        return work.resolve(component + ".log");
    }

    /** One real node per machine: every JVM that starts one holds this lock first. */
    static Path lockFile() {
        return Path.of("/run/tributary-node.lock");
    }
}
