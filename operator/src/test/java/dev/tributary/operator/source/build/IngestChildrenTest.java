package dev.tributary.operator.source.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.plan.IngestPlan;
import dev.tributary.api.plan.KafkaConnectionPlan;
import dev.tributary.api.v1alpha1.FieldSpec;
import dev.tributary.api.v1alpha1.HttpIngestSpec;
import dev.tributary.api.v1alpha1.IngestAuthSpec;
import dev.tributary.api.v1alpha1.IngestSpec;
import dev.tributary.api.v1alpha1.IngestTlsSpec;
import dev.tributary.api.v1alpha1.SchemaSpec;
import dev.tributary.api.v1alpha1.SecretKeyRef;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.api.v1alpha1.SourceSpec;
import dev.tributary.operator.pipeline.build.PipelineDeploymentSettings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import org.junit.jupiter.api.Test;

class IngestChildrenTest {

    static final KafkaConnectionPlan KAFKA = KafkaConnectionPlan.plaintext("kafka-0.kafka:9092,kafka-1.kafka:9093");

    static Source source(String name, HttpIngestSpec http) {
        Source source = new Source();
        source.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("shop").withUid("uid-1").build());
        source.setSpec(new SourceSpec());
        source.getSpec().schema = new SchemaSpec();
        source.getSpec().schema.fields = List.of(new FieldSpec("user_id", "STRING NOT NULL"), new FieldSpec("url", "STRING"));
        if (http != null) {
            source.getSpec().ingest = new IngestSpec();
            source.getSpec().ingest.http = http;
        }
        return source;
    }

    static HttpIngestSpec secured(int replicas) {
        HttpIngestSpec http = new HttpIngestSpec();
        http.replicas = replicas;
        http.auth = new IngestAuthSpec();
        http.auth.secretRef = new SecretKeyRef("clicks-tokens", "tokens");
        http.tls = new IngestTlsSpec();
        http.tls.secretName = "clicks-cert";
        return http;
    }

    @Test
    void aSourceWithoutIngestHasNoChildrenAndNoStatus() {
        Source plain = source("clicks", null);
        assertThat(IngestChildren.desired(plain, KAFKA, PipelineDeploymentSettings.defaults())).isEmpty();
        assertThat(IngestChildren.status(plain)).isNull();
    }

    @Test
    void theDeploymentFollowsTheSpecWithRestrictedPodsProbesAndTheSecretsItReads() {
        Source clicks = source("clicks", secured(3));
        List<HasMetadata> children = IngestChildren.desired(clicks, KAFKA, PipelineDeploymentSettings.defaults());
        assertThat(children).extracting(HasMetadata::getKind)
                .containsExactly("Deployment", "Service", "PodDisruptionBudget", "NetworkPolicy");
        assertThat(children).allSatisfy(c -> {
            assertThat(c.getMetadata().getName()).isEqualTo("clicks-ingest");
            assertThat(c.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(o -> assertThat(o.getUid()).isEqualTo("uid-1"));
        });
        Deployment deployment = (Deployment) children.get(0);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        var container = pod.getContainers().get(0);
        assertThat(container.getImage()).isEqualTo(PipelineDeploymentSettings.DEFAULT_IMAGE);
        assertThat(container.getCommand()).endsWith(IngestDeploymentBuilder.MAIN_CLASS);
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        IngestPlan plan = IngestPlan.fromJson(container.getEnv().stream()
                .filter(e -> e.getName().equals(IngestPlan.ENV)).findFirst().orElseThrow().getValue());
        assertThat(plan.source().topic()).isEqualTo("shop.clicks");
        assertThat(plan.tokens().secretName()).isEqualTo("clicks-tokens");
        assertThat(plan.tlsSecret()).isEqualTo("clicks-cert");
        assertThat(pod.getVolumes()).extracting(v -> v.getSecret().getSecretName())
                .containsExactly("clicks-cert", "clicks-tokens");
        assertThat(pod.getVolumes().get(0).getSecret().getItems()).extracting(i -> i.getKey())
                .containsExactly("tls.crt", "tls.key");
        assertThat(container.getVolumeMounts()).allSatisfy(m -> assertThat(m.getReadOnly()).isTrue());
        // memory above twice the in-flight bound (bodies and the producer's copy)
        assertThat(container.getResources().getLimits().get("memory").getNumericalAmount().longValue())
                .isGreaterThan(2L * plan.maxInFlightBytes());

        Service service = (Service) children.get(1);
        assertThat(service.getSpec().getSelector()).isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> assertThat(p.getPort()).isEqualTo(8080));
        assertThat(((PodDisruptionBudget) children.get(2)).getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        NetworkPolicy policy = (NetworkPolicy) children.get(3);
        assertThat(policy.getSpec().getEgress().get(1).getPorts()).extracting(p -> p.getPort().getIntVal())
                .containsExactly(9092, 9093);
        assertThat(IngestChildren.status(clicks).url).isEqualTo(
                "https://clicks-ingest.shop.svc:8080/v1/sources/clicks/records");
    }

    @Test
    void aLongSourceNameKeepsChildNamesWithinSixtyThreeCharacters() {
        Source longName = source("a".repeat(70), new HttpIngestSpec());
        assertThat(IngestChildren.name(longName)).hasSizeLessThanOrEqualTo(63);
        assertThat(IngestChildren.status(longName).url).startsWith("http://" + IngestChildren.name(longName) + ".shop.svc");
        Deployment d = (Deployment) IngestChildren.desired(longName, KAFKA, PipelineDeploymentSettings.defaults()).get(0);
        assertThat(d.getSpec().getReplicas()).isEqualTo(1);
        assertThat(d.getSpec().getTemplate().getSpec().getVolumes()).isEmpty();
    }
}
