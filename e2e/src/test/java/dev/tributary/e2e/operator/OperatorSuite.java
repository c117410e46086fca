package dev.tributary.e2e.operator;

import dev.tributary.e2e.cluster.Clusters;
import dev.tributary.e2e.cluster.TestCluster;
import dev.tributary.e2e.cluster.TestDirs;
import dev.tributary.e2e.flink.LocalJobManagerPod;
import dev.tributary.local.KafkaBroker;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The set-up an operator suite shares with the others, as a JUnit extension: the shared cluster with the CRDs, the
 * suite's working directory, a KRaft broker, the operator as its own process, namespaces, a hostPath volume for
 * checkpoints and a JobManager pod run on this machine. What it starts it closes after all the suite's tests (after
 * the suite's own {@code @AfterAll}), the last started first.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final OperatorSuite suite = new OperatorSuite("topic-operator-e2e");
 * </pre>
 */
public final class OperatorSuite implements AfterAllCallback {

    private final String name;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private TestCluster cluster;
    private KafkaBroker kafka;
    private Admin admin;

    /** {@code name} names the suite's working directory under {@link Clusters#workDir()}. */
    public OperatorSuite(String name) {
        this.name = name;
    }

    /** The shared cluster, with the CRDs installed. */
    public synchronized TestCluster cluster() {
        if (cluster == null) {
            cluster = Clusters.shared();
            cluster.installCrds();
        }
        return cluster;
    }

    /** The suite's working directory (not created). */
    public Path work() {
        return Clusters.workDir().resolve(name);
    }

    /** The suite's working directory, emptied: for suites that assert counts of what it holds. */
    public Path freshWork() {
        try {
            TestDirs.deleteRecursively(work());
            return Files.createDirectories(work());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A KRaft broker with its data in {@code kafka} under the working directory, started on first use. */
    public synchronized KafkaBroker kafka() {
        if (kafka == null) {
            kafka = closeAfterAll(KafkaBroker.start(directory(work().resolve("kafka"))));
        }
        return kafka;
    }

    /** An admin client of {@link #kafka()}. */
    public synchronized Admin admin() {
        if (admin == null) {
            admin = closeAfterAll(kafka().admin());
        }
        return admin;
    }

    /** The operator against the cluster with {@code environment}, its log {@code operator.log}; started. */
    public OperatorProcess operator(Map<String, String> environment) {
        return operator(environment, "operator.log");
    }

    /** As {@link #operator(Map)}, its log {@code log} in the working directory. */
    public OperatorProcess operator(Map<String, String> environment, String log) {
        return unstartedOperator(environment, log).start();
    }

    /** An operator closed after all the suite's tests, for the suite to start. */
    public OperatorProcess unstartedOperator(Map<String, String> environment, String log) {
        return closeAfterAll(new OperatorProcess(cluster().kubeconfig(), environment, work().resolve(log)));
    }

    /** The kubelet for one Pipeline's JobManager pod, in {@code jobmanager} under the working directory; started. */
    public LocalJobManagerPod jobManagerPod(String namespace, String pipeline, int restPort) {
        return closeAfterAll(new LocalJobManagerPod(cluster().client(), namespace, pipeline, restPort,
                directory(work().resolve("jobmanager")))).start();
    }

    public void namespace(String namespace) {
        cluster().client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                .endMetadata().build()).serverSideApply();
    }

    /** A static volume of {@code storageClass} on this machine's {@code path}, for a Pipeline's checkpoint claim. */
    public void hostPathVolume(String volume, String storageClass, String size, String path) {
        cluster().client().persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata()
                .withName(volume).endMetadata().withNewSpec()
                .withCapacity(Map.of("storage", new Quantity(size))).withAccessModes("ReadWriteOnce")
                .withStorageClassName(storageClass).withNewHostPath().withPath(path).endHostPath()
                .endSpec().build()).serverSideApply();
    }

    /** Closes {@code resource} after all the suite's tests. */
    public synchronized <T extends AutoCloseable> T closeAfterAll(T resource) {
        started.push(resource);
        return resource;
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        Exception first = null;
        while (true) {
            AutoCloseable resource;
            synchronized (this) {
                resource = started.poll();
            }
            if (resource == null) {
                break;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        synchronized (this) {
            kafka = null;
            admin = null;
        }
        if (first != null) {
            throw first;
        }
    }

    private static Path directory(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
