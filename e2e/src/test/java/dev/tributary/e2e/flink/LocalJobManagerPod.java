package dev.tributary.e2e.flink;

import dev.tributary.api.plan.PlanCodec;
import dev.tributary.local.ChildJvm;
import dev.tributary.local.ChildProcess;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The kubelet for one Pipeline's JobManager pod, on this machine. kwok gives the e2e cluster nodes that run no
 * containers; this watches the JobManager Deployment in the real API server and does what a kubelet would with its
 * pod: when the pod template or replicas change it stops the running JobManager (Recreate) and, with one replica,
 * starts a new one ({@link LocalJobManagerMain}) with the plan from the Pipeline's ConfigMap and the {@code --restore}
 * the Deployment names. The checkpoint volume is a local directory: the plan's state paths are mapped onto it.
 */
public final class LocalJobManagerPod implements AutoCloseable {

    private static final String STATE_URI = "file:///tributary/state";

    private final KubernetesClient client;
    private final String namespace;
    private final String pipeline;
    private final int restPort;
    private final Path dir;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "local-jobmanager-pod");
        t.setDaemon(true);
        return t;
    });
    private final List<String> started = new ArrayList<>();
    private String runningIdentity;
    private ChildProcess process;

    public LocalJobManagerPod(KubernetesClient client, String namespace, String pipeline, int restPort, Path dir) {
        this.client = client;
        this.namespace = namespace;
        this.pipeline = pipeline;
        this.restPort = restPort;
        this.dir = dir;
    }

    public LocalJobManagerPod start() {
        loop.scheduleWithFixedDelay(this::sync, 0, 300, TimeUnit.MILLISECONDS);
        return this;
    }

    /** The {@code --restore} values the JobManagers were started with, in order ("-" for none). */
    public synchronized List<String> starts() {
        return List.copyOf(started);
    }

    public synchronized boolean running() {
        return process != null && process.isAlive();
    }

    public Path log(int start) {
        return dir.resolve("jobmanager-" + start + ".log");
    }

    private synchronized void sync() {
        try {
            Deployment deployment = client.apps().deployments().inNamespace(namespace)
                    .withName(pipeline + "-jobmanager").get();
            int replicas = deployment == null || deployment.getSpec().getReplicas() == null ? 0
                    : deployment.getSpec().getReplicas();
            String identity = replicas == 0 ? null : Serialization.asJson(deployment.getSpec().getTemplate());
            if (Objects.equals(identity, runningIdentity) && (identity == null || running())) {
                return;
            }
            if (Objects.equals(identity, runningIdentity) && process != null
                    && process.awaitExit(Duration.ZERO).orElse(0) != 0) {
                identity = null; // crashed: started again below, as restartPolicy Always does
            }
            stopProcess();
            runningIdentity = null;
            if (replicas > 0) {
                launch(deployment);
                runningIdentity = Serialization.asJson(deployment.getSpec().getTemplate());
            }
        } catch (RuntimeException e) {
            System.err.println("[jobmanager-pod] " + e);
        }
    }

    private void launch(Deployment deployment) {
        ConfigMap planMap = client.configMaps().inNamespace(namespace).withName(pipeline + "-plan").get();
        if (planMap == null) {
            return;
        }
        try {
            Path state = Files.createDirectories(dir.resolve("state"));
            String original = planMap.getData().get(PlanCodec.CONFIG_MAP_KEY);
            String plan = original.replace(STATE_URI, state.toUri().toString().replaceAll("/$", ""));
            Path planFile = dir.resolve("plan-" + started.size() + ".json");
            Files.writeString(planFile, plan);
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            String restore = argument(container, "--restore");
            String jobId = argument(container, "--job-id");
            started.add(restore == null ? "-" : restore);
            process = ChildJvm.launch("JobManager of " + pipeline, LocalJobManagerMain.class.getName(),
                    List.of("-Xmx512m"), List.of(planFile.toString(), Integer.toString(restPort),
                            restore == null ? "-" : restore, PlanCodec.hash(PlanCodec.fromJson(original)),
                            jobId == null ? "-" : jobId))
                    .logTo(log(started.size())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String argument(Container container, String name) {
        List<String> args = new ArrayList<>();
        if (container.getCommand() != null) {
            args.addAll(container.getCommand());
        }
        if (container.getArgs() != null) {
            args.addAll(container.getArgs());
        }
        int at = args.indexOf(name);
        return at >= 0 && at + 1 < args.size() ? args.get(at + 1) : null;
    }

    /** Kills the JobManager as a node failure or an OOM kill would; like the kubelet, the next sync restarts it. */
    public synchronized void crash() {
        if (process != null) {
            process.kill();
        }
    }

    private synchronized void stopProcess() {
        if (process != null) {
            process.stop(Duration.ofSeconds(20));
            process = null;
        }
    }

    @Override
    public void close() {
        loop.shutdownNow();
        stopProcess();
    }
}
