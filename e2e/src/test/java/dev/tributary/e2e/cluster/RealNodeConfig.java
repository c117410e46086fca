package dev.tributary.e2e.cluster;

import java.nio.file.Path;

/**
 * The configuration files of the real node's components, as text. Everything listens on the bridge's gateway
 * address or on 127.0.0.1, never on 0.0.0.0; pods get a route to the Service range only (no route out of the
 * machine) and nothing is masqueraded on the way out.
 */
final class RealNodeConfig {

    private RealNodeConfig() {
    }

    static String containerd(RealNodeLayout layout, String pauseImage) {
        return """
                version = 2
                root = "%1$s"
                state = "%2$s"
                disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs",
                  "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.zfs",
                  "io.containerd.tracing.processor.v1.otlp", "io.containerd.internal.v1.tracing"]

                [grpc]
                  address = "%3$s"

                [plugins."io.containerd.grpc.v1.cri"]
                  sandbox_image = "%4$s"
                  # No CAP_SYS_RESOURCE here: a negative oom_score_adj fails every sandbox with
                  # "can't get final child's PID from pipe" unless containerd keeps it at or above its own.
                  restrict_oom_score_adj = true
                  stream_server_address = "127.0.0.1"
                  stream_server_port = "0"
                  [plugins."io.containerd.grpc.v1.cri".containerd]
                    snapshotter = "overlayfs"
                    default_runtime_name = "runc"
                    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
                      runtime_type = "io.containerd.runc.v2"
                      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
                        BinaryName = "%5$s"
                        SystemdCgroup = false
                  [plugins."io.containerd.grpc.v1.cri".cni]
                    bin_dir = "%6$s"
                    conf_dir = "%7$s"
                """.formatted(layout.containerdRoot(), layout.containerdState(), layout.containerdSocket(), pauseImage,
                RealNodeHost.RUNC, RealNodeHost.CNI_BIN, layout.cniConf());
    }

    static String cni(RealNodeLayout layout) {
        return """
                {
                  "cniVersion": "1.0.0",
                  "name": "tributary-e2e",
                  "plugins": [
                    {
                      "type": "bridge",
                      "bridge": "%1$s",
                      "isGateway": true,
                      "ipMasq": false,
                      "hairpinMode": true,
                      "ipam": {
                        "type": "host-local",
                        "dataDir": "%2$s",
                        "ranges": [[{"subnet": "%3$s", "gateway": "%4$s"}]],
                        "routes": [{"dst": "%5$s"}]
                      }
                    },
                    {"type": "portmap", "capabilities": {"portMappings": true}}
                  ]
                }
                """.formatted(RealNodeLayout.BRIDGE, layout.ipamData(), RealNodeLayout.POD_CIDR,
                RealNodeLayout.GATEWAY, RealNodeLayout.SERVICE_CIDR);
    }

    static String kubelet(RealNodeLayout layout, int healthzPort) {
        return """
                apiVersion: kubelet.config.k8s.io/v1beta1
                kind: KubeletConfiguration
                address: %1$s
                port: 10250
                readOnlyPort: 0
                healthzBindAddress: 127.0.0.1
                healthzPort: %2$d
                authentication:
                  anonymous: {enabled: true}
                  webhook: {enabled: false}
                authorization: {mode: AlwaysAllow}
                # This machine has cgroup v1 (hybrid) only and no systemd managing cgroups.
                cgroupDriver: cgroupfs
                cgroupRoot: /%3$s
                failCgroupV1: false
                failSwapOn: false
                containerRuntimeEndpoint: unix://%4$s
                clusterDNS: [%1$s]
                clusterDomain: cluster.local
                resolvConf: %5$s
                registerNode: true
                maxPods: 30
                serializeImagePulls: false
                makeIPTablesUtilChains: false
                imageGCHighThresholdPercent: 100
                imageGCLowThresholdPercent: 99
                evictionHard:
                  {memory.available: 100Mi, nodefs.available: 1%%, imagefs.available: 1%%, nodefs.inodesFree: 1%%}
                nodeStatusUpdateFrequency: 5s
                syncFrequency: 10s
                """.formatted(RealNodeLayout.GATEWAY, healthzPort, RealNodeLayout.CGROUP_ROOT,
                layout.containerdSocket(), layout.resolvConf());
    }

    static String kubeProxy(RealNodeLayout layout, Path kubeconfig, int healthzPort, int metricsPort) {
        return """
                apiVersion: kubeproxy.config.k8s.io/v1alpha1
                kind: KubeProxyConfiguration
                mode: iptables
                clientConnection: {kubeconfig: %1$s}
                hostnameOverride: %2$s
                bindAddress: %3$s
                healthzBindAddress: 127.0.0.1:%4$d
                metricsBindAddress: 127.0.0.1:%5$d
                clusterCIDR: %6$s
                nodePortAddresses: [%6$s]
                # 0: leave the machine's conntrack limits and timeouts as they are.
                conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
                iptables: {masqueradeAll: false, syncPeriod: 30s, minSyncPeriod: 1s}
                """.formatted(kubeconfig, RealNodeLayout.NODE_NAME, RealNodeLayout.GATEWAY, healthzPort, metricsPort,
                RealNodeLayout.POD_CIDR);
    }

    /** Cluster DNS for pods on the bridge's gateway; names outside the cluster are not forwarded anywhere. */
    static String corefile(Path kubeconfig, int healthPort) {
        return """
                .:53 {
                    bind %1$s
                    errors
                    health 127.0.0.1:%3$d
                    kubernetes cluster.local in-addr.arpa ip6.arpa {
                        kubeconfig %2$s
                        pods insecure
                        ttl 5
                    }
                }
                """.formatted(RealNodeLayout.GATEWAY, kubeconfig, healthPort);
    }
}
