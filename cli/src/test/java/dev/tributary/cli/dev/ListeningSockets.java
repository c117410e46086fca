package dev.tributary.cli.dev;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The TCP sockets a process and its descendants listen on, read from /proc (Linux). */
final class ListeningSockets {

    private ListeningSockets() {
    }

    /**
     * @param pid the process
     * @param alsoMentioning processes whose command line mentions this count too (a daemon such as PostgreSQL,
     *     which pg_ctl detaches from its parent)
     */
    static List<InetSocketAddress> of(long pid, String alsoMentioning) throws IOException {
        Set<String> inodes = new HashSet<>();
        List<ProcessHandle> tree = new ArrayList<>();
        ProcessHandle.of(pid).ifPresent(p -> {
            tree.add(p);
            p.descendants().forEach(tree::add);
        });
        ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(alsoMentioning)
                || cmdline(p.pid()).contains(alsoMentioning)).forEach(tree::add);
        for (ProcessHandle process : tree) {
            Path fds = Path.of("/proc", Long.toString(process.pid()), "fd");
            try (Stream<Path> links = Files.list(fds)) {
                for (Path link : links.toList()) {
                    try {
                        String target = Files.readSymbolicLink(link).toString();
                        if (target.startsWith("socket:[")) {
                            inodes.add(target.substring("socket:[".length(), target.length() - 1));
                        }
                    } catch (IOException closed) {
                        // the descriptor was closed while we looked
                    }
                }
            } catch (IOException gone) {
                // the process ended while we looked
            }
        }
        List<InetSocketAddress> listening = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table)).stream().skip(1).toList()) {
                String[] f = line.trim().split("\\s+");
                if (f[3].equals("0A") && inodes.contains(f[9])) {
                    String[] local = f[1].split(":");
                    listening.add(new InetSocketAddress(address(local[0]), Integer.parseInt(local[1], 16)));
                }
            }
        }
        return listening;
    }

    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"))).replace('\0', ' ');
        } catch (IOException gone) {
            return "";
        }
    }

    /** /proc writes an address as 32-bit words in host (little-endian) order. */
    private static InetAddress address(String hex) throws UnknownHostException {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = word * 8 + (3 - i) * 2;
                bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        return InetAddress.getByAddress(bytes);
    }
}
