package dev.tributary.e2e.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.Optional;
import java.util.TreeMap;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.InitialDirContext;

/**
 * Cluster names for the operator, which runs as a process on the machine and asks the machine's resolver, not cluster
 * DNS: each name is asked of the node's CoreDNS (as a pod's resolver would) and the answer written to a hosts file
 * that the operator's JVM reads instead ({@code -Djdk.net.hosts.file}). Traffic then goes to the Service's virtual IP
 * through kube-proxy's rules, as a pod's would.
 */
final class ServiceNames {

    private final String dnsServer;
    private final Path hostsFile;
    private final TreeMap<String, String> entries = new TreeMap<>();

    ServiceNames(String dnsServer, Path hostsFile) {
        this.dnsServer = dnsServer;
        this.hostsFile = hostsFile;
        entries.put("localhost", "127.0.0.1");
        write();
    }

    /** The JVM option that makes a Java process resolve names from this file only. */
    String jvmOption() {
        return "-Djdk.net.hosts.file=" + hostsFile;
    }

    /** The A record CoreDNS gives for {@code name}, or empty while it has none. */
    Optional<String> resolve(String name) {
        Hashtable<String, String> env = new Hashtable<>();
        env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
        env.put("java.naming.provider.url", "dns://" + dnsServer);
        env.put("com.sun.jndi.dns.timeout.initial", "1000");
        env.put("com.sun.jndi.dns.timeout.retries", "2");
        try {
            InitialDirContext dns = new InitialDirContext(env);
            try {
                Attribute a = dns.getAttributes(name, new String[] {"A"}).get("A");
                return a == null ? Optional.empty() : Optional.of(a.get().toString());
            } finally {
                dns.close();
            }
        } catch (NamingException e) {
            return Optional.empty();
        }
    }

    /** Resolves {@code name} through CoreDNS and, once it answers, publishes it in the hosts file. */
    synchronized Optional<String> publish(String name) {
        Optional<String> address = resolve(name);
        address.ifPresent(ip -> {
            if (!ip.equals(entries.put(name, ip))) {
                write();
            }
        });
        return address;
    }

    private void write() {
        StringBuilder text = new StringBuilder();
        entries.forEach((name, ip) -> text.append(ip).append(' ').append(name).append('\n'));
        try {
            Files.createDirectories(hostsFile.getParent());
            Files.writeString(hostsFile, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
