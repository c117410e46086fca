package dev.tributary.operator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.v1alpha1.Pipeline;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
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

    private String flinkProperties() {
        return container().getEnv().stream().filter(e -> e.getName().equals("FLINK_PROPERTIES")).map(EnvVar::getValue)
                .findFirst().orElseThrow();
    }

    @Test
    void theJobManagerRunsPipelineMainOnTheMountedPlan() {
        Container jm = container();
        assertThat(jm.getImage()).isEqualTo("registry.example.com/tributary/runtime:1.0");
        assertThat(jm.getCommand()).containsExactly("java", "-XX:+ExitOnOutOfMemoryError", "-cp", "/opt/tributary/lib/*",
                "dev.tributary.runtime.PipelineMain");
        assertThat(jm.getArgs()).containsExactly("--plan", "/etc/tributary/plan", "--secrets-dir",
                "/etc/tributary/secrets", "--metrics-port", "9249");
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
    void theStartingPointChosenByTheReconcilerIsPassedOn() {
        assertThat(deployment("latest").getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .endsWith("--restore", "latest");
        assertThat(deployment("file:///tributary/state/savepoints/sp-1").getSpec().getTemplate().getSpec()
                .getContainers().get(0).getArgs()).endsWith("--restore", "file:///tributary/state/savepoints/sp-1");
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
        assertThat(flinkProperties()).contains(
                "scheduler-mode: reactive\n",
                "jobmanager.scheduler: adaptive\n",
                "jobmanager.rpc.address: sessionize-jobmanager\n",
                "jobmanager.rpc.port: 6123\n",
                "blob.server.port: 6124\n",
                "rest.port: 8081\n",
                "metrics.reporter.prom.factory.class: org.apache.flink.metrics.prometheus.PrometheusReporterFactory\n",
                "metrics.reporter.prom.port: 9249\n",
                "execution.checkpointing.dir: file:///tributary/state/checkpoints\n",
                "execution.checkpointing.savepoint-dir: file:///tributary/state/savepoints\n",
                "taskmanager.numberOfTaskSlots: 2\n",
                "table.exec.state.ttl: 1h\n");
    }

    @Test
    void memoryAndCpuComeFromTheSpecAndSizeFlinksProcess() {
        Container jm = container();
        assertThat(jm.getResources().getRequests()).containsEntry("cpu", new Quantity("500m"))
                .containsEntry("memory", new Quantity("2Gi"));
        assertThat(jm.getResources().getLimits()).isEqualTo(jm.getResources().getRequests());
        assertThat(flinkProperties()).contains("jobmanager.memory.process.size: 2048m\n",
                "taskmanager.memory.process.size: 4096m\n");
    }

    @Test
    void withoutResourcesEachProcessGetsOneCpuAndOneGibibyte() {
        pipeline.getSpec().resources = null;
        assertThat(container().getResources().getRequests()).containsEntry("cpu", new Quantity("1"))
                .containsEntry("memory", new Quantity("1Gi"));
        assertThat(flinkProperties()).contains("jobmanager.memory.process.size: 1024m\n",
                "taskmanager.numberOfTaskSlots: 1\n");
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
