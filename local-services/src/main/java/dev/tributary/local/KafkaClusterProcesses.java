package dev.tributary.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * Three Kafka nodes on 127.0.0.1, each a {@link KafkaBroker} (broker and controller in one) in its own child JVM,
 * forming one KRaft cluster: three controller voters, replication factor 3 and {@code min.insync.replicas=2} for
 * every topic (the offsets and transaction state topics too), so writes go on with one node down. A test kills a
 * node with SIGKILL ({@link #kill}) and brings it back on the same ports and data ({@link #start(int)}).
 */
public final class KafkaClusterProcesses implements AutoCloseable {

    public static final int NODES = 3;
    /** Small heaps: the machine is shared and three brokers run beside the test's own JVM. */
    private static final List<String> JVM_ARGS = List.of("-Xmx256m", "-Xss512k", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:ActiveProcessorCount=1");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final Path dataDir;
    private final int[] ports = new int[NODES + 1];
    private final int[] controllerPorts = new int[NODES + 1];
    private final ChildProcess[] nodes = new ChildProcess[NODES + 1];
    private final Map<String, String> brokerConfig;

    private KafkaClusterProcesses(Path dataDir, Map<String, String> brokerConfig) {
        this.dataDir = dataDir;
        for (int id = 1; id <= NODES; id++) {
            ports[id] = FreePorts.next();
            controllerPorts[id] = FreePorts.next();
        }
        this.brokerConfig = Map.copyOf(brokerConfig);
    }

    /** Starts the three nodes, keeping their data under {@code dataDir/node-<id>}, and waits until all serve. */
    public static KafkaClusterProcesses start(Path dataDir) {
        return start(dataDir, Map.of());
    }

    /** As {@link #start(Path)}, with broker settings added or overridden on every node. */
    public static KafkaClusterProcesses start(Path dataDir, Map<String, String> brokerConfig) {
        KafkaClusterProcesses cluster = new KafkaClusterProcesses(dataDir, brokerConfig);
        // The nodes start together: none is ready before a majority of the controller quorum is up.
        for (int id = 1; id <= NODES; id++) {
            cluster.launch(id);
        }
        for (int id = 1; id <= NODES; id++) {
            cluster.awaitReady(id);
        }
        return cluster;
    }

    /** All three client addresses, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        List<String> all = new ArrayList<>();
        for (int id = 1; id <= NODES; id++) {
            all.add("127.0.0.1:" + ports[id]);
        }
        return String.join(",", all);
    }

    /** An admin client for the cluster; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000"));
    }

    /** Creates topics with replication factor 3 (min.insync.replicas 2, the cluster's default). */
    public void createTopics(int partitions, String... names) {
        try (Admin admin = admin()) {
            List<NewTopic> topics = new ArrayList<>();
            for (String name : names) {
                topics.add(new NewTopic(name, partitions, (short) NODES));
            }
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics " + List.of(names), e);
        }
    }

    /** The node id leading a partition now; -1 while it has no leader. */
    public int leaderOf(String topic, int partition) {
        TopicPartitionInfo info = describe(topic).partitions().get(partition);
        Node leader = info.leader();
        return leader == null || leader.isEmpty() ? -1 : leader.id();
    }

    /** The node ids of the partition's in-sync replicas now. */
    public List<Integer> inSyncReplicasOf(String topic, int partition) {
        return describe(topic).partitions().get(partition).isr().stream().map(Node::id).toList();
    }

    /** The node coordinating a transactional id's transactions (where its transaction state log partition leads). */
    public int transactionCoordinatorOf(String transactionalId) {
        try (Admin admin = admin()) {
            return admin.describeTransactions(List.of(transactionalId)).description(transactionalId)
                    .get(30, TimeUnit.SECONDS).coordinatorId();
        } catch (Exception e) {
            throw new IllegalStateException("cannot find the coordinator of transactional id " + transactionalId, e);
        }
    }

    public boolean isRunning(int nodeId) {
        return nodes[nodeId] != null && nodes[nodeId].isAlive();
    }

    /** Kills the node's JVM with SIGKILL, as a crash would, and waits until it is gone. */
    public synchronized void kill(int nodeId) {
        check(nodeId);
        if (nodes[nodeId] != null) {
            nodes[nodeId].kill();
            nodes[nodeId] = null;
        }
    }

    /** Starts a killed node again on its ports and data, and waits until it serves requests. */
    public synchronized void start(int nodeId) {
        check(nodeId);
        if (isRunning(nodeId)) {
            return;
        }
        launch(nodeId);
        awaitReady(nodeId);
    }

    public Path log(int nodeId) {
        return dataDir.resolve("node-" + nodeId + ".log");
    }

    @Override
    public synchronized void close() {
        for (int id = 1; id <= NODES; id++) {
            kill(id);
        }
    }

    private TopicDescription describe(String topic) {
        try (Admin admin = admin()) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe topic " + topic, e);
        }
    }

    /** Starts the node's JVM. */
    private synchronized void launch(int nodeId) {
        List<String> args = new ArrayList<>(List.of(dataDir.resolve("node-" + nodeId).toString(),
                String.valueOf(ports[nodeId]), String.valueOf(controllerPorts[nodeId])));
        nodeConfig(nodeId).forEach((k, v) -> args.add(k + "=" + v));
        nodes[nodeId] = ChildJvm.launch("Kafka node " + nodeId, KafkaBroker.class.getName(), JVM_ARGS, args)
                .workDir(dataDir).appendTo(log(nodeId)).start();
    }

    private Map<String, String> nodeConfig(int nodeId) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("node.id", String.valueOf(nodeId));
        c.put("controller.quorum.voters", voters());
        c.put("default.replication.factor", String.valueOf(NODES));
        c.put("min.insync.replicas", "2");
        c.put("offsets.topic.replication.factor", String.valueOf(NODES));
        c.put("transaction.state.log.replication.factor", String.valueOf(NODES));
        c.put("transaction.state.log.min.isr", "2");
        c.put("share.coordinator.state.topic.replication.factor", String.valueOf(NODES));
        c.put("share.coordinator.state.topic.min.isr", "2");
        c.put("unclean.leader.election.enable", "false");
        c.put("num.network.threads", "2");
        c.put("num.io.threads", "2");
        c.put("num.replica.fetchers", "1");
        c.put("background.threads", "2");
        // A node that comes back catches up and takes its partitions' leadership back within seconds.
        c.put("leader.imbalance.check.interval.seconds", "10");
        c.putAll(brokerConfig);
        return c;
    }

    private String voters() {
        List<String> voters = new ArrayList<>();
        for (int id = 1; id <= NODES; id++) {
            voters.add(id + "@127.0.0.1:" + controllerPorts[id]);
        }
        return String.join(",", voters);
    }

    private void awaitReady(int nodeId) {
        nodes[nodeId].awaitOutput(KafkaBrokerProcess.READY_LINE, READY_TIMEOUT);
    }

    private void check(int nodeId) {
        if (nodeId < 1 || nodeId > NODES) {
            throw new IllegalArgumentException("node id " + nodeId + " is not one of 1.." + NODES);
        }
    }

    @Override
    public String toString() {
        return "KafkaClusterProcesses" + java.util.stream.IntStream.rangeClosed(1, NODES).boxed()
                .collect(Collectors.toMap(id -> id, id -> isRunning(id) ? "up" : "down"));
    }
}
