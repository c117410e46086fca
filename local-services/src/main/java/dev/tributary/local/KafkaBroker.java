package dev.tributary.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka broker (KRaft: broker and controller in one) on 127.0.0.1, in this JVM. Its data
 * survives {@link #close()}, so a broker started again on the same directory and ports carries on where it
 * stopped. {@link KafkaBrokerProcess} runs the same broker in a child process, for tests that kill it.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final String CLUSTER_ID = "tributary-local-kafka0";
    /** Not a Kafka setting: picks the client listener's protocol (PLAINTEXT unless TLS or SASL is asked for). */
    private static final String SECURITY_PROTOCOL_KEY = "tributary.listener.security.protocol";

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final Map<String, String> overrides;
    private KafkaRaftServer server;
    private Map<String, String> clientSecurity = Map.of();

    private KafkaBroker(Path dataDir, int port, int controllerPort, Map<String, String> overrides) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.overrides = Map.copyOf(overrides);
    }

    /** Starts a broker on free ports, keeping its data under {@code dataDir}. */
    public static KafkaBroker start(Path dataDir) {
        return start(dataDir, Map.of());
    }

    /**
     * Starts a broker whose client listener requires SASL/PLAIN (SASL_PLAINTEXT) with these users and passwords;
     * the broker itself talks to itself as the first user.
     */
    public static KafkaBroker startWithSaslPlain(Path dataDir, Map<String, String> users) {
        return startSecured(dataDir, "SASL_PLAINTEXT", users, null);
    }

    /** Starts a broker whose client listener speaks TLS (SSL) with a certificate signed by {@code ca}. */
    public static KafkaBroker startWithTls(Path dataDir, LocalCertificateAuthority ca) {
        return startSecured(dataDir, "SSL", Map.of(), ca);
    }

    /**
     * Starts a broker whose client listener speaks TLS with a certificate signed by {@code ca} and requires
     * SASL/PLAIN (SASL_SSL) with these users and passwords; the broker talks to itself as the first user.
     */
    public static KafkaBroker startWithSaslSsl(Path dataDir, Map<String, String> users, LocalCertificateAuthority ca) {
        return startSecured(dataDir, "SASL_SSL", users, ca);
    }

    private static KafkaBroker startSecured(Path dataDir, String protocol, Map<String, String> users,
            LocalCertificateAuthority ca) {
        Map<String, String> broker = new LinkedHashMap<>();
        Map<String, String> client = new LinkedHashMap<>();
        broker.put(SECURITY_PROTOCOL_KEY, protocol);
        client.put("security.protocol", protocol);
        if (protocol.startsWith("SASL_")) {
            Map.Entry<String, String> self = users.entrySet().iterator().next();
            StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required"
                    + " username=\"" + self.getKey() + "\" password=\"" + self.getValue() + "\"");
            users.forEach((user, password) -> jaas.append(" user_").append(user).append("=\"").append(password)
                    .append("\""));
            jaas.append(';');
            broker.put("sasl.enabled.mechanisms", "PLAIN");
            broker.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
            broker.put("listener.name." + protocol.toLowerCase(java.util.Locale.ROOT) + ".plain.sasl.jaas.config",
                    jaas.toString());
            client.put("sasl.mechanism", "PLAIN");
            client.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                    + " username=\"" + self.getKey() + "\" password=\"" + self.getValue() + "\";");
        }
        if (ca != null) {
            Path keyStore = ca.serverKeyStore("broker-" + dataDir.getFileName());
            broker.put("ssl.keystore.type", "PKCS12");
            broker.put("ssl.keystore.location", keyStore.toString());
            broker.put("ssl.keystore.password", LocalCertificateAuthority.STORE_PASSWORD);
            broker.put("ssl.key.password", LocalCertificateAuthority.STORE_PASSWORD);
            // The broker is its own client on this listener (inter-broker traffic): it trusts its own CA.
            broker.put("ssl.truststore.type", "PEM");
            broker.put("ssl.truststore.certificates", ca.certificatePem());
            client.put("ssl.truststore.type", "PEM");
            client.put("ssl.truststore.certificates", ca.certificatePem());
        }
        KafkaBroker started = new KafkaBroker(dataDir, FreePorts.next(), FreePorts.next(), broker);
        started.clientSecurity = Map.copyOf(client);
        started.startServer();
        return started;
    }

    /** Starts a broker on free ports with broker settings overridden, e.g. transaction.max.timeout.ms. */
    public static KafkaBroker start(Path dataDir, Map<String, String> brokerConfig) {
        return start(dataDir, FreePorts.next(), FreePorts.next(), brokerConfig);
    }

    public static KafkaBroker start(Path dataDir, int port, int controllerPort, Map<String, String> brokerConfig) {
        KafkaBroker broker = new KafkaBroker(dataDir, port, controllerPort, brokerConfig);
        broker.startServer();
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Client settings that reach this broker: bootstrap servers, and the SASL login when it requires one. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new LinkedHashMap<>(clientSecurity);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return config;
    }

    /** An admin client for this broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(clientConfig());
    }

    /** Stops the broker, keeping its data. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    /** Starts the broker again, on the same ports and data, after {@link #close()}. */
    public synchronized void restart() {
        close();
        startServer();
    }

    private synchronized void startServer() {
        Path logDir = dataDir.resolve("kraft-logs");
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + logDir, e);
        }
        Map<String, String> config = config(logDir);
        format(logDir);
        Properties props = new Properties();
        props.putAll(config);
        server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        server.startup();
        awaitReady();
    }

    private Map<String, String> config(Path logDir) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("process.roles", "broker,controller");
        c.put("node.id", String.valueOf(nodeId()));
        c.put("controller.quorum.voters", nodeId() + "@127.0.0.1:" + controllerPort);
        String protocol = overrides.getOrDefault(SECURITY_PROTOCOL_KEY, "PLAINTEXT");
        c.put("listeners", protocol + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        c.put("advertised.listeners", protocol + "://127.0.0.1:" + port);
        c.put("listener.security.protocol.map", protocol + ":" + protocol + ",CONTROLLER:PLAINTEXT");
        c.put("controller.listener.names", "CONTROLLER");
        c.put("inter.broker.listener.name", protocol);
        c.put("log.dirs", logDir.toString());
        c.put("num.partitions", "1");
        c.put("default.replication.factor", "1");
        c.put("offsets.topic.replication.factor", "1");
        c.put("offsets.topic.num.partitions", "5");
        c.put("transaction.state.log.replication.factor", "1");
        c.put("transaction.state.log.min.isr", "1");
        c.put("transaction.state.log.num.partitions", "5");
        c.put("share.coordinator.state.topic.replication.factor", "1");
        c.put("share.coordinator.state.topic.min.isr", "1");
        c.put("group.initial.rebalance.delay.ms", "0");
        c.put("auto.create.topics.enable", "false");
        c.put("log.segment.bytes", String.valueOf(16 * 1024 * 1024));
        c.putAll(overrides);
        c.remove(SECURITY_PROTOCOL_KEY);
        return c;
    }

    private void format(Path logDir) {
        try {
            new Formatter()
                    .setNodeId(nodeId())
                    .setClusterId(CLUSTER_ID)
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setIgnoreFormatted(true)
                    .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka storage in " + logDir + ": " + e.getMessage(), e);
        }
    }

    /** 1, unless the overrides name another node (a member of {@link KafkaClusterProcesses}). */
    private int nodeId() {
        return Integer.parseInt(overrides.getOrDefault("node.id", "1"));
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Admin admin = admin()) {
            while (true) {
                try {
                    admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                    return;
                } catch (Exception notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Kafka broker on " + bootstrapServers()
                                + " did not become ready within 60s", notYet);
                    }
                }
            }
        }
    }

    /** Runs a broker in this process until it is killed: {@code KafkaBroker <dataDir> <port> <controllerPort>}. */
    public static void main(String[] args) throws InterruptedException {
        KafkaBroker broker = start(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                parseOverrides(args));
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
        System.out.println(KafkaBrokerProcess.READY_LINE + broker.bootstrapServers());
        System.out.flush();
        new CountDownLatch(1).await();
    }

    private static Map<String, String> parseOverrides(String[] args) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 3; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            overrides.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        return overrides;
    }
}
