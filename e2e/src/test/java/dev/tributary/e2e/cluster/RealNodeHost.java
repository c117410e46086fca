package dev.tributary.e2e.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the real node changes on the machine itself, and its undoing: the bridge, the cgroup root, the mounts under
 * the node's directories, the network namespaces of its pods and the iptables chains kubelet and kube-proxy add.
 * Every clean-up step is idempotent, so a run also clears what a killed JVM left behind.
 */
final class RealNodeHost {

    private static final Logger log = LoggerFactory.getLogger(RealNodeHost.class);

    static final Path RUNC = Path.of("/usr/sbin/runc");
    static final Path CNI_BIN = Path.of("/usr/lib/cni");
    private static final Path CGROUP_V1 = Path.of("/sys/fs/cgroup");
    private static final List<String> CNI_PLUGINS = List.of("bridge", "host-local", "portmap", "loopback");

    private RealNodeHost() {
    }

    /** Why this machine cannot run a real node, or empty when it can. */
    static Optional<String> missing(RealNodeBinaries binaries) {
        List<String> missing = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            missing.add("root (kubelet, containerd and the bridge need it; this JVM runs as "
                    + System.getProperty("user.name") + ")");
        }
        for (String command : List.of("/usr/bin/containerd", "/usr/bin/ctr", RUNC.toString(), "/usr/sbin/ip",
                "/usr/sbin/iptables", "/usr/bin/podman")) {
            if (!Files.isExecutable(Path.of(command))) {
                missing.add(command + " (Debian packages containerd runc iproute2 iptables podman)");
            }
        }
        for (String plugin : CNI_PLUGINS) {
            if (!Files.isExecutable(CNI_BIN.resolve(plugin))) {
                missing.add(CNI_BIN.resolve(plugin) + " (Debian package containernetworking-plugins)");
            }
        }
        if (!Files.isDirectory(CGROUP_V1.resolve("memory")) && !Files.exists(CGROUP_V1.resolve("cgroup.controllers"))) {
            missing.add("a cgroup file system at " + CGROUP_V1);
        }
        if (binaries == null) {
            missing.add("kubelet, kube-proxy and coredns in the toolchain (run e2e/provision/provision.sh without"
                    + " TRIBUTARY_PROVISION_NODE=0)");
        }
        return missing.isEmpty() ? Optional.empty() : Optional.of("this machine lacks " + String.join("; ", missing));
    }

    static void createBridge() {
        if (!run(List.of("ip", "link", "show", RealNodeLayout.BRIDGE)).succeeded()) {
            check(run(List.of("ip", "link", "add", RealNodeLayout.BRIDGE, "type", "bridge")));
        }
        CommandResult addresses = run(List.of("ip", "-4", "addr", "show", "dev", RealNodeLayout.BRIDGE));
        if (!addresses.stdout().contains(" " + RealNodeLayout.GATEWAY + "/")) {
            check(run(List.of("ip", "addr", "add", RealNodeLayout.GATEWAY + "/24", "dev", RealNodeLayout.BRIDGE)));
        }
        check(run(List.of("ip", "link", "set", RealNodeLayout.BRIDGE, "up")));
        // Service virtual IPs are rewritten by kube-proxy's rules; one without a rule (no endpoints yet, or between
        // two syncs) must end on the bridge, not follow the default route out of the machine. The route goes with
        // the bridge.
        check(run(List.of("ip", "route", "replace", RealNodeLayout.SERVICE_CIDR, "dev", RealNodeLayout.BRIDGE, "src",
                RealNodeLayout.GATEWAY)));
    }

    static void deleteBridge() {
        if (run(List.of("ip", "link", "show", RealNodeLayout.BRIDGE)).succeeded()) {
            check(run(List.of("ip", "link", "del", RealNodeLayout.BRIDGE)));
        }
    }

    /** kubelet's cgroupRoot must exist in every v1 hierarchy; cpuset needs its cpus and mems filled in. */
    static void createCgroupRoot() {
        for (Path hierarchy : cgroupHierarchies()) {
            Path dir = hierarchy.resolve(RealNodeLayout.CGROUP_ROOT);
            try {
                Files.createDirectories(dir);
                if (hierarchy.getFileName().toString().equals("cpuset")) {
                    for (String file : List.of("cpuset.cpus", "cpuset.mems")) {
                        if (Files.readString(dir.resolve(file)).isBlank()) {
                            Files.writeString(dir.resolve(file), Files.readString(hierarchy.resolve(file)).trim());
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot prepare the cgroup " + dir, e);
            }
        }
    }

    /** Removes the node's cgroups, deepest first; a cgroup that still has processes stays and is reported. */
    static void removeCgroupRoot() {
        for (Path hierarchy : cgroupHierarchies()) {
            Path root = hierarchy.resolve(RealNodeLayout.CGROUP_ROOT);
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> tree = Files.walk(root)) {
                for (Path dir : tree.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
                    try {
                        Files.delete(dir);
                    } catch (IOException e) {
                        log.warn("Cannot remove the cgroup {}: {}", dir, e.toString());
                    }
                }
            } catch (IOException e) {
                log.warn("Cannot list {}: {}", root, e.toString());
            }
        }
    }

    private static List<Path> cgroupHierarchies() {
        try (Stream<Path> dirs = Files.list(CGROUP_V1)) {
            return dirs.filter(Files::isDirectory).filter(d -> !Files.isSymbolicLink(d))
                    .filter(d -> !d.getFileName().toString().equals("unified")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Unmounts everything mounted under the given directories (pod volumes, container rootfs, shm), deepest first. */
    static void unmountUnder(List<Path> dirs) {
        List<String> mounts;
        try {
            mounts = Files.readAllLines(Path.of("/proc/self/mounts")).stream().map(l -> l.split(" ")[1])
                    .map(RealNodeHost::unescapeMountPoint)
                    .filter(m -> dirs.stream().anyMatch(d -> m.equals(d.toString()) || m.startsWith(d + "/")))
                    .sorted(Comparator.comparing(String::length).reversed()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String mount : mounts) {
            if (!run(List.of("umount", mount)).succeeded()) {
                CommandResult lazy = run(List.of("umount", "-l", mount));
                if (!lazy.succeeded()) {
                    log.warn("Cannot unmount {}: {}", mount, lazy.stderr().trim());
                }
            }
        }
    }

    private static String unescapeMountPoint(String field) {
        return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }

    /** A network namespace file of one of the node's sandboxes: unmount and delete it (its veth goes with it). */
    static void removeNetworkNamespace(Path netns) {
        if (Files.exists(netns)) {
            run(List.of("umount", netns.toString()));
            try {
                Files.deleteIfExists(netns);
            } catch (IOException e) {
                log.warn("Cannot delete {}: {}", netns, e.toString());
            }
        }
    }

    /**
     * Removes every {@code KUBE-*} chain (and the rules that jump to one) from every table of iptables and
     * ip6tables: kube-proxy --cleanup removes its own; these are kubelet's (KUBE-FIREWALL, KUBE-KUBELET-CANARY,
     * KUBE-IPTABLES-HINT, ...) and whatever a killed run left. Only one real node runs per machine, so these are
     * ours.
     */
    static void removeKubeChains() {
        for (String tool : List.of("iptables", "ip6tables")) {
            for (String table : List.of("filter", "nat", "mangle", "raw")) {
                CommandResult saved = run(List.of(tool + "-save", "-t", table));
                if (!saved.succeeded()) {
                    continue;
                }
                List<String> chains = new ArrayList<>();
                for (String line : saved.stdout().lines().toList()) {
                    if (line.startsWith(":KUBE-")) {
                        chains.add(line.substring(1, line.indexOf(' ')));
                    } else if (line.startsWith("-A ") && line.contains(" KUBE-")) {
                        String chain = line.split(" ")[1];
                        if (!chain.startsWith("KUBE-")) {
                            List<String> delete = new ArrayList<>(List.of(tool, "-t", table, "-D"));
                            delete.addAll(shellWords(line.substring(3)));
                            run(delete);
                        }
                    }
                }
                chains.forEach(chain -> run(List.of(tool, "-t", table, "-F", chain)));
                chains.forEach(chain -> run(List.of(tool, "-t", table, "-X", chain)));
            }
        }
    }

    /** iptables-save quotes comments with double quotes; split like the shell would. */
    static List<String> shellWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                inWord = true;
            } else if (c == '\\' && quoted && i + 1 < line.length()) {
                word.append(line.charAt(++i));
            } else if (c == ' ' && !quoted) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    static void deleteRecursively(Path dir) {
        try {
            TestDirs.deleteRecursively(dir);
        } catch (IOException e) {
            log.warn("Cannot delete {}: {}", dir, e.toString());
        }
    }

    static CommandResult run(List<String> command) {
        return Commands.run(command, Map.of(), null, Duration.ofMinutes(2));
    }

    static CommandResult check(CommandResult result) {
        if (!result.succeeded()) {
            throw new IllegalStateException(result.describe());
        }
        return result;
    }
}
