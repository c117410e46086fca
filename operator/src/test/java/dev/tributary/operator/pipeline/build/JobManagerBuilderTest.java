package dev.tributary.operator.pipeline.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.operator.pipeline.PipelineFixtures;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The JobManager: one pod running the pipeline's job on the mounted plan, and the Service that is its address. */
class JobManagerBuilderTest {

    private final Pipeline pipeline = PipelineFixtures.pipeline();
    private final PipelinePlan plan = PipelineFixtures.plan(pipeline);

    private Deployment deployment(String restore) {
        return JobManagerBuilder.deployment(pipeline, plan, PipelineFixtures.SETTINGS, restore);
    }

    private Container container() {
        return deployment(null).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    /** The Flink settings the container passes as {@code -Dkey=value} arguments before the job class. */
    private Map<String, String> flinkSettings() {
        List<String> args = container().getArgs();
        Map<String, String> settings = new TreeMap<>();
        args.subList(0, args.indexOf("--job-classname")).stream().filter(a -> a.startsWith("-D")).forEach(a ->
                settings.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1)));
        return settings;
    }

    @Test
    void theJobManagerIsFlinksApplicationEntryPointRunningPipelineMainOnTheMountedPlan() {
        Container jm = container();
        assertThat(jm.getImage()).isEqualTo("registry.example.com/tributary/runtime:1.0");
        assertThat(jm.getCommand()).containsExactly("/opt/tributary/bin/flink-java", "jobmanager",
                "org.apache.flink.container.entrypoint.StandaloneApplicationClusterEntryPoint");
        List<String> args = jm.getArgs();
        int jobClass = args.indexOf("--job-classname");
        assertThat(args.subList(0, 2)).as("Flink insists on a config dir").containsExactly("--configDir",
                "/opt/tributary/conf");
        assertThat(args.subList(2, jobClass)).as("then every setting as a dynamic property").isNotEmpty()
                .allMatch(a -> a.startsWith("-D") && a.contains("="));
        assertThat(args.subList(jobClass, args.size())).as("then the job and, after --, PipelineMain's own arguments")
                .containsExactly("--job-classname", "dev.tributary.runtime.PipelineMain", "--",
                        "--plan", "/etc/tributary/plan", "--secrets-dir", "/etc/tributary/secrets",
                        "--metrics-port", "9249");
        assertThat(jm.getEnv()).extracting(EnvVar::getName).doesNotContain("FLINK_PROPERTIES");
        assertThat(jm.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo("/etc/tributary/plan");
            assertThat(m.getReadOnly()).isTrue();
        });
        assertThat(deployment(null).getSpec().getTemplate().getSpec().getVolumes()).filteredOn(v -> v.getConfigMap() != null)
                .extracting(v -> v.getConfigMap().getName()).containsExactly("sessionize-plan");
    }

    @Test
    void theImageOfThePipelineWinsOverTheDefault() {
        pipeline.getSpec().image = "example.com/custom-runtime:2";
        assertThat(container().getImage()).isEqualTo("example.com/custom-runtime:2");
    }

    @Test
    void theStartingPointChosenByTheReconcilerIsPassedOnToPipelineMainNotToFlink() {
        assertThat(deployment("latest").getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .endsWith("--restore", "latest");
        assertThat(deployment("file:///tributary/state/savepoints/sp-1").getSpec().getTemplate().getSpec()
                .getContainers().get(0).getArgs()).endsWith("--restore", "file:///tributary/state/savepoints/sp-1")
                .doesNotContain("--fromSavepoint");
        assertThat(container().getArgs()).doesNotContain("--restore");
    }

    @Test
    void eachDeploymentRunsItsJobUnderItsOwnIdSoARestartedJobManagerResumesItsOwnCheckpoints() {
        String id = JobDeployment.jobId("uid-1", "plan-1", "latest", "2026-11-23T10:00:00Z");
        Deployment jm = JobManagerBuilder.deployment(pipeline, plan, PipelineFixtures.SETTINGS,
                new JobDeployment("latest", true, id));
        assertThat(jm.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .endsWith("--job-id", id, "--restore", "latest");
        assertThat(id).matches("[0-9a-f]{32}").isNotEqualTo(JobDeployment.jobId("uid-1", "plan-1", "latest",
                "2026-11-23T11:00:00Z"));
    }

    @Test
    void aSuspendedPipelineKeepsItsJobManagerDeploymentAtZeroReplicas() {
        Deployment jm = JobManagerBuilder.deployment(pipeline, plan, PipelineFixtures.SETTINGS,
                new JobDeployment("file:/sp-1", false, null));
        assertThat(jm.getSpec().getReplicas()).isZero();
    }

    @Test
    void thereIsNeverMoreThanOneJobManager() {
        Deployment jm = deployment(null);
        assertThat(jm.getMetadata().getName()).isEqualTo("sessionize-jobmanager");
        assertThat(jm.getSpec().getReplicas()).isEqualTo(1);
        assertThat(jm.getSpec().getStrategy().getType()).as("never two JobManagers running one job").isEqualTo("Recreate");
    }

    @Test
    void flinkRunsAsAReactiveApplicationClusterAddressedThroughTheService() {
        assertThat(flinkSettings())
                .containsEntry("scheduler-mode", "reactive")
                .containsEntry("jobmanager.scheduler", "adaptive")
                .containsEntry("jobmanager.adaptive-scheduler.executing.resource-stabilization-timeout", "10s")
                .containsEntry("jobmanager.rpc.address", "sessionize-jobmanager")
                .containsEntry("jobmanager.rpc.port", "6123")
                .containsEntry("blob.server.port", "6124")
                .containsEntry("rest.port", "8081")
                .containsEntry("high-availability.type", "NONE")
                .containsEntry("metrics.reporter.prom.factory.class",
                        "org.apache.flink.metrics.prometheus.PrometheusReporterFactory")
                .containsEntry("metrics.reporter.prom.port", "9249")
                .containsEntry("execution.checkpointing.dir", "file:///tributary/state/checkpoints")
                .containsEntry("execution.checkpointing.savepoint-dir", "file:///tributary/state/savepoints")
                .containsEntry("taskmanager.numberOfTaskSlots", "2")
                .containsEntry("table.exec.state.ttl", "1h");
    }

    @Test
    void whatFlinkWritesByItselfGoesToTheTmpEmptyDirBecauseTheRootFilesystemIsReadOnly() {
        assertThat(flinkSettings()).containsEntry("io.tmp.dirs", "/tmp").containsEntry("web.tmpdir", "/tmp")
                .containsEntry("process.working-dir", "/tmp");
        assertThat(container().getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container().getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    }

    @Test
    void memoryAndCpuComeFromTheSpecAndSizeFlinksProcess() {
        Container jm = container();
        assertThat(jm.getResources().getRequests()).containsEntry("cpu", new Quantity("500m"))
                .containsEntry("memory", new Quantity("2Gi"));
        assertThat(jm.getResources().getLimits()).isEqualTo(jm.getResources().getRequests());
        assertThat(flinkSettings()).containsEntry("jobmanager.memory.process.size", "2048m")
                .containsEntry("taskmanager.memory.process.size", "4096m")
                .as("state is on the heap: little managed memory").containsEntry("taskmanager.memory.managed.fraction", "0.1");
    }

    @Test
    void withoutResourcesEachProcessGetsOneCpuAndOneGibibyte() {
        pipeline.getSpec().resources = null;
        assertThat(container().getResources().getRequests()).containsEntry("cpu", new Quantity("1"))
                .containsEntry("memory", new Quantity("1Gi"));
        assertThat(flinkSettings()).containsEntry("jobmanager.memory.process.size", "1024m")
                .containsEntry("taskmanager.numberOfTaskSlots", "1");
    }

    @Test
    void keysTributaryOwnsCannotBeOverriddenThroughFlinkConfiguration() {
        PipelinePlan withOwnedKey = new PipelinePlan(plan.version(), plan.namespace(), plan.name(), plan.kafka(),
                plan.sources(), plan.sinks(), plan.sql(), plan.checkpoints(), plan.deadLetterTopic(), plan.parallelism(),
                java.util.Map.of("scheduler-mode", "default", "metrics.reporter.jmx.factory.class", "x"));
        assertThat(FlinkSettings.of(pipeline, withOwnedKey)).containsEntry("scheduler-mode", "reactive")
                .doesNotContainKey("metrics.reporter.jmx.factory.class");
    }

    @Test
    void theServiceExposesRpcBlobRestAndMetricsOfTheJobManagerOnly() {
        Service service = JobManagerBuilder.service(pipeline);
        assertThat(service.getMetadata().getName()).isEqualTo("sessionize-jobmanager");
        assertThat(service.getSpec().getSelector()).containsEntry("app.kubernetes.io/component", "jobmanager")
                .containsEntry("app.kubernetes.io/instance", "sessionize");
        assertThat(service.getSpec().getPorts()).extracting(ServicePort::getName, ServicePort::getPort)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("rpc", 6123), org.assertj.core.groups.Tuple.tuple("blob", 6124),
                        org.assertj.core.groups.Tuple.tuple("rest", 8081), org.assertj.core.groups.Tuple.tuple("metrics", 9249));
        assertThat(container().getPorts()).extracting(ContainerPort::getName).containsExactly("rpc", "blob", "rest", "metrics");
    }
}
