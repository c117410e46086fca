package dev.tributary.bench.scale;

import dev.tributary.api.plan.KafkaConnectionPlan;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.e2e.cluster.LocalControlPlane;
import dev.tributary.e2e.cluster.Toolchain;
import dev.tributary.e2e.operator.OperatorProcess;
import dev.tributary.local.KafkaBrokerProcess;
import dev.tributary.operator.pipeline.build.PipelineDeploymentSettings;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * B5, the control plane at scale: N Pipelines (each with its Source and Sink) created at once on the e2e harness's
 * local control plane (real kube-apiserver + etcd, kwok node) with a real KRaft broker (in its own JVM), first managed by the operator
 * (its built Quarkus application as a child process), then, in a second namespace, by {@link NaiveController}. For
 * each: the time until all converged, the writes per Pipeline (audit log, by user agent), the writes per spec change
 * ({@code spec.replicas} 1 → 2 on every Pipeline), the writes in an idle window, and for the operator its heap per
 * Pipeline (after a full GC, minus its heap with no Pipeline).
 */
public final class ControlPlaneScaleBenchmark {

    static final String IMAGE = "registry.invalid/tributary/pipeline-runtime:bench";
    private static final String OPERATOR_NS = "scale-operator";
    private static final String NAIVE_NS = "scale-naive";
    private static final String APPLIER_AGENT = "tributary-bench-apply";
    private static final String NAIVE_AGENT = "tributary-bench-naive";
    private static final String OPERATOR_AGENT = "tributary-operator/";

    private final ScaleSettings settings;
    private final LocalControlPlane plane;
    private final KubernetesClient applier;
    private final Path work;

    private ControlPlaneScaleBenchmark(ScaleSettings settings, LocalControlPlane plane, Path work) {
        this.settings = settings;
        this.plane = plane;
        this.work = work;
        this.applier = client(plane, APPLIER_AGENT);
    }

    public static void main(String[] args) throws Exception {
        ScaleSettings settings = ScaleSettings.from(System.getProperties());
        Path work = Files.createDirectories(Path.of(System.getProperty("tributary.e2e.workDir", "target/bench-scale")));
        System.out.printf("[scale] %d Pipelines, idle window %ds, resync %ds; work in %s%n", settings.pipelines(),
                settings.idle().toSeconds(), settings.resync().toSeconds(), work);
        try (LocalControlPlane plane = LocalControlPlane.start(Toolchain.load(), work);
                KafkaBrokerProcess kafka = new KafkaBrokerProcess(Files.createDirectories(work.resolve("kafka")),
                        Map.of()).start()) {
            installCrds(plane);
            ControlPlaneScaleBenchmark bench = new ControlPlaneScaleBenchmark(settings, plane, work);
            ContenderResult operator = bench.operator(kafka);
            ContenderResult naive = bench.naive(kafka);
            System.out.println();
            System.out.println(ScaleReport.table(operator, naive, loadAverage()));
        }
        System.exit(0);
    }

    private ContenderResult operator(KafkaBrokerProcess kafka) throws Exception {
        namespace(OPERATOR_NS);
        try (OperatorProcess operator = new OperatorProcess(plane.kubeconfig(), Map.of(
                "TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "TRIBUTARY_RESYNC_PERIOD", settings.resync().toSeconds() + "s",
                "TRIBUTARY_PIPELINE_IMAGE", IMAGE,
                "TRIBUTARY_WATCH_NAMESPACES", OPERATOR_NS), work.resolve("operator.log"))) {
            operator.start();
            // the SQL planner warms up on a thread of its own after start-up: let it finish before the baseline
            Thread.sleep(settings.settle().multipliedBy(2).toMillis());
            long baseline = JvmHeap.usedAfterGc(operator.pid());
            System.out.printf("[scale] operator ready; heap after GC with 0 Pipelines: %,d KB%n", baseline / 1024);
            Predicate<Pipeline> converged = ControlPlaneScaleBenchmark::operatorConverged;
            Phase apply = applyAll(OPERATOR_NS, OPERATOR_AGENT, converged);
            long loaded = JvmHeap.usedAfterGc(operator.pid());
            System.out.printf("[scale] heap after GC with %d Pipelines: %,d KB%n", settings.pipelines(), loaded / 1024);
            Phase change = changeAll(OPERATOR_NS, OPERATOR_AGENT, converged);
            Duration cpuBefore = cpu(operator.pid());
            Map<String, Long> idle = idle(OPERATOR_NS, OPERATOR_AGENT);
            Duration idleCpu = cpu(operator.pid()).minus(cpuBefore);
            System.out.printf("[scale] operator CPU while idle: %.1f s in %d s%n", idleCpu.toMillis() / 1000.0,
                    settings.idle().toSeconds());
            return new ContenderResult("operator", settings.pipelines(), apply.applied, apply.converged, apply.writes,
                    change.converged, change.writes, settings.idle(), idle, idleCpu,
                    (loaded - baseline) / settings.pipelines());
        }
    }

    private ContenderResult naive(KafkaBrokerProcess kafka) throws Exception {
        namespace(NAIVE_NS);
        PipelineDeploymentSettings deployment = new PipelineDeploymentSettings(IMAGE, null,
                PipelineDeploymentSettings.DEFAULT_OPERATOR_NAMESPACE, List.of());
        try (KubernetesClient naiveClient = client(plane, NAIVE_AGENT);
                NaiveController naive = new NaiveController(naiveClient, NAIVE_NS, settings.resync().toMillis(),
                        KafkaConnectionPlan.plaintext(kafka.bootstrapServers()), deployment,
                        settings.naiveThreads()).start()) {
            Predicate<Pipeline> converged = p -> naive.appliedGeneration(p.getMetadata().getName())
                    == p.getMetadata().getGeneration();
            Phase apply = applyAll(NAIVE_NS, NAIVE_AGENT, converged);
            Phase change = changeAll(NAIVE_NS, NAIVE_AGENT, converged);
            Duration cpuBefore = cpu(ProcessHandle.current().pid());
            Map<String, Long> idle = idle(NAIVE_NS, NAIVE_AGENT);
            Duration idleCpu = cpu(ProcessHandle.current().pid()).minus(cpuBefore);
            return new ContenderResult("naive", settings.pipelines(), apply.applied, apply.converged, apply.writes,
                    change.converged, change.writes, settings.idle(), idle, idleCpu, -1);
        }
    }

    /** Converged: the spec observed, the JobManager Deployment Available (Deployed), its TaskManagers Ready. */
    static boolean operatorConverged(Pipeline p) {
        var status = p.getStatus();
        return status != null && Objects.equals(status.observedGeneration, p.getMetadata().getGeneration())
                && status.condition("Deployed").map(c -> "True".equals(c.status)).orElse(false)
                && Objects.equals(status.replicas, p.getSpec().replicas);
    }

    private record Phase(Duration applied, Duration converged, Map<String, Long> writes) {
    }

    /** Creates every Source, Sink and Pipeline at once (8 threads), waits until all converged, counts the writes. */
    private Phase applyAll(String namespace, String agent, Predicate<Pipeline> converged) throws Exception {
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> creates = new ArrayList<>();
        for (int i = 0; i < settings.pipelines(); i++) {
            int n = i;
            creates.add(pool.submit(() -> {
                applier.resource(ScaleFixtures.source(n)).inNamespace(namespace).create();
                applier.resource(ScaleFixtures.sink(n)).inNamespace(namespace).create();
                applier.resource(ScaleFixtures.pipeline(n)).inNamespace(namespace).create();
            }));
        }
        for (Future<?> create : creates) {
            create.get();
        }
        pool.shutdown();
        Duration applied = Duration.ofNanos(System.nanoTime() - t0);
        System.out.printf("[scale] %s: %d Pipelines with their Sources and Sinks created in %.1f s%n", namespace,
                settings.pipelines(), applied.toMillis() / 1000.0);
        Duration took = awaitConverged(namespace, converged, t0);
        Thread.sleep(settings.settle().toMillis());
        Map<String, Long> writes = AuditWrites.count(auditLog(), agent, namespace, start, Instant.now());
        return new Phase(applied, took, writes);
    }

    /** Sets {@code spec.replicas: 2} on every Pipeline, waits until all converged again, counts the writes. */
    private Phase changeAll(String namespace, String agent, Predicate<Pipeline> converged) throws Exception {
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> edits = new ArrayList<>();
        for (int i = 0; i < settings.pipelines(); i++) {
            String name = ScaleFixtures.pipelineName(i);
            edits.add(pool.submit(() -> applier.resources(Pipeline.class).inNamespace(namespace).withName(name)
                    .edit(p -> {
                        p.getSpec().replicas = 2;
                        return p;
                    })));
        }
        for (Future<?> edit : edits) {
            edit.get();
        }
        pool.shutdown();
        Duration took = awaitConverged(namespace, converged, t0);
        Thread.sleep(settings.settle().toMillis());
        Map<String, Long> writes = AuditWrites.count(auditLog(), agent, namespace, start, Instant.now());
        return new Phase(Duration.ZERO, took, writes);
    }

    private Map<String, Long> idle(String namespace, String agent) throws InterruptedException {
        System.out.printf("[scale] %s: idle for %d s%n", namespace, settings.idle().toSeconds());
        Instant start = Instant.now();
        Thread.sleep(settings.idle().toMillis());
        Map<String, Long> writes = AuditWrites.count(auditLog(), agent, namespace, start, Instant.now());
        System.out.printf("[scale] %s: idle writes %s%n", namespace, writes.isEmpty() ? "0" : writes);
        return writes;
    }

    private Duration awaitConverged(String namespace, Predicate<Pipeline> converged, long t0)
            throws InterruptedException {
        long deadline = t0 + settings.timeout().toNanos();
        long lastReport = 0;
        while (true) {
            List<Pipeline> pipelines;
            try {
                pipelines = plane.client().resources(Pipeline.class).inNamespace(namespace).list().getItems();
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                // a list that timed out under load (seen at load 80) is asked again, within the deadline
                System.out.printf("[scale] %s: listing the Pipelines failed (%s); again%n", namespace, e.getMessage());
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(1000);
                continue;
            }
            long done = pipelines.stream().filter(converged).count();
            long now = System.nanoTime();
            if (done == settings.pipelines()) {
                Duration took = Duration.ofNanos(now - t0);
                System.out.printf("[scale] %s: all %d converged after %.1f s%n", namespace, done,
                        took.toMillis() / 1000.0);
                return took;
            }
            if (now > deadline) {
                throw new IllegalStateException(namespace + ": only " + done + " of " + settings.pipelines()
                        + " Pipelines converged within " + settings.timeout() + "; phases " + phases(pipelines));
            }
            if (now - lastReport > 10_000_000_000L) {
                System.out.printf("[scale] %s: %.0f s, %d of %d converged; phases %s; load %s%n", namespace,
                        (now - t0) / 1e9, done, settings.pipelines(), phases(pipelines), loadAverage());
                lastReport = now;
            }
            Thread.sleep(1000);
        }
    }

    private static Map<String, Long> phases(List<Pipeline> pipelines) {
        return pipelines.stream().collect(Collectors.groupingBy(p -> p.getStatus() == null || p.getStatus().phase == null
                ? "none" : p.getStatus().phase.name(), TreeMap::new, Collectors.counting()));
    }

    private void namespace(String name) {
        applier.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .serverSideApply();
    }

    private Path auditLog() {
        return plane.auditLog().orElseThrow();
    }

    private static KubernetesClient client(LocalControlPlane plane, String userAgent) {
        try {
            Config config = Config.fromKubeconfig(Files.readString(plane.kubeconfig()));
            config.setUserAgent(userAgent);
            return new KubernetesClientBuilder().withConfig(config).build();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * {@code kubectl wait --for=condition=Established} right after the apply fails now and then under load, when a CRD
     * has no conditions yet ("accessor error: <nil>"): try again, up to three times.
     */
    private static void installCrds(LocalControlPlane plane) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                plane.installCrds();
                return;
            } catch (AssertionError e) {
                if (attempt == 3) {
                    throw e;
                }
                System.out.println("[scale] the CRDs are not Established yet; trying again");
                Thread.sleep(2000);
            }
        }
    }

    /** A process's CPU time so far (user + system). */
    private static Duration cpu(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).orElse(Duration.ZERO);
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
