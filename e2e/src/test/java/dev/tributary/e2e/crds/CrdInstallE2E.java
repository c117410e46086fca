package dev.tributary.e2e.crds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.e2e.cluster.ClusterTest;
import dev.tributary.e2e.cluster.CommandResult;
import dev.tributary.e2e.cluster.TestCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionCondition;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The committed CRDs install with kubectl on a real API server and read well in kubectl. */
@ClusterTest
class CrdInstallE2E {

    @Test
    void kubectlApplyInstallsAllFourCrdsAndTheyBecomeEstablished(TestCluster cluster) {
        CommandResult apply = CrdInstall.apply(cluster);
        assertThat(apply.succeeded()).as(apply.describe()).isTrue();
        assertThat(CrdFiles.names()).containsExactlyInAnyOrder("dashboards.tributary.dev", "pipelines.tributary.dev",
                "sinks.tributary.dev", "sources.tributary.dev");
        for (String name : CrdFiles.names()) {
            assertThat(apply.stdout()).contains("customresourcedefinition.apiextensions.k8s.io/" + name);
        }
        CrdInstall.ensureEstablished(cluster);
        for (String name : CrdFiles.names()) {
            CustomResourceDefinition crd = cluster.client().apiextensions().v1().customResourceDefinitions()
                    .withName(name).get();
            assertThat(crd.getStatus().getConditions())
                    .as("conditions of %s", name)
                    .anySatisfy(c -> assertCondition(c, "Established"))
                    .anySatisfy(c -> assertCondition(c, "NamesAccepted"));
        }
    }

    private static void assertCondition(CustomResourceDefinitionCondition condition, String type) {
        assertThat(condition.getType()).isEqualTo(type);
        assertThat(condition.getStatus()).isEqualTo("True");
    }

    @Test
    void shortNamesAndCategoryWork(TestCluster cluster) {
        CrdInstall.ensureEstablished(cluster);
        CommandResult resources = cluster.kubectl("api-resources", "--api-group=tributary.dev", "--no-headers");
        assertThat(resources.succeeded()).as(resources.describe()).isTrue();
        assertThat(resources.stdout().lines().map(l -> l.trim().split("\\s+")[0]))
                .containsExactlyInAnyOrder("dashboards", "pipelines", "sinks", "sources");
        assertThat(resources.stdout()).contains("src").contains("snk").contains("pl,pipe").contains("dash");
        CommandResult byCategory = cluster.kubectl("get", "tributary", "--all-namespaces");
        assertThat(byCategory.succeeded()).as(byCategory.describe()).isTrue();
    }

    @ParameterizedTest(name = "kubectl explain {0}")
    @CsvSource(delimiter = '|', textBlock = """
            pipeline.spec.checkpoints          | Checkpoint interval, delivery guarantee and storage.
            pipeline.spec.checkpoints.guarantee| exactly-once (default): each record affects the sinks once
            pipeline.spec.autoscaling          | The decision is written to status and applied to the TaskManagers
            pipeline.status.lag                |
            source.spec.topic.partitions       | Can grow; can never shrink, because Kafka cannot remove partitions.
            source.spec.topic.name             | Cannot change once the resource exists.
            sink.spec.jdbc.url                 | Credentials do not belong here: use credentialsSecret.
            sink.spec                          | exactly one of kafka, jdbc, filesystem or webhook
            dashboard.spec.pipelines           | The Pipelines to show: by names or by selector.
            """)
    void explainShowsTheFieldDescriptions(String field, String expected, TestCluster cluster) {
        CrdInstall.ensureEstablished(cluster);
        AtomicReference<CommandResult> last = new AtomicReference<>();
        // The API server publishes a new CRD's OpenAPI a moment after it is Established.
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            CommandResult explain = cluster.kubectl("explain", field);
            last.set(explain);
            assertThat(explain.succeeded()).as(explain.describe()).isTrue();
        });
        String text = last.get().stdout().replaceAll("\\s+", " ");
        assertThat(text).contains("FIELD: " + field.substring(field.lastIndexOf('.') + 1));
        assertThat(text).doesNotContain("<empty>");
        if (expected != null) {
            assertThat(text).as(last.get().describe()).contains(expected);
        }
    }

    @Test
    void printerColumnsShowInKubectlGet(TestCluster cluster) {
        CrdInstall.ensureEstablished(cluster);
        String namespace = "printer-columns";
        cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                .endMetadata().build()).serverSideApply();
        ConformanceCase pipeline = ConformanceCase.load(true).stream()
                .filter(c -> c.id().equals("valid/pipeline/design-example.yaml")).findFirst().orElseThrow();
        CommandResult apply = cluster.kubectl("apply", "-n", namespace, "-f", pipeline.file().toString());
        assertThat(apply.succeeded()).as(apply.describe()).isTrue();
        CommandResult get = cluster.kubectl("get", "pl", "-n", namespace);
        assertThat(get.succeeded()).as(get.describe()).isTrue();
        String[] header = get.stdout().lines().findFirst().orElseThrow().trim().split("\\s+");
        assertThat(header[0]).isEqualTo("NAME");
        assertThat(header).contains("READY", "PHASE", "LAG", "PARALLELISM", "REPLICAS", "AGE");
        assertThat(get.stdout()).contains("sessionize");
    }
}
