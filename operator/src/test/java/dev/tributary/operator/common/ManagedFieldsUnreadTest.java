package dev.tributary.operator.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.api.v1alpha1.Pipeline;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The operator's client, as Quarkus builds it with {@link ManagedFieldsUnread}, reads no managedFields. */
class ManagedFieldsUnreadTest {

    private static final String DEPLOYMENT = """
            {"apiVersion":"apps/v1","kind":"Deployment",
             "metadata":{"name":"orders-jobmanager","namespace":"shop","uid":"5f0c","resourceVersion":"812",
               "aFieldOfALaterKubernetes":{"kept":true},
               "labels":{"app.kubernetes.io/managed-by":"tributary"},
               "annotations":{"tributary.dev/desired-hash":"ab12"},
               "ownerReferences":[{"apiVersion":"tributary.dev/v1alpha1","kind":"Pipeline","name":"orders",
                 "uid":"77aa","controller":true}],
               "managedFields":[{"manager":"tributary-operator","operation":"Apply","apiVersion":"apps/v1",
                 "fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:replicas":{},"f:template":{"f:spec":{}}}}},
                 {"manager":"kube-controller-manager","operation":"Update","subresource":"status",
                 "fieldsV1":{"f:status":{"f:replicas":{}}}}]},
             "spec":{"replicas":1,"template":{"spec":{"containers":[{"name":"flink","image":"tributary/runtime",
               "args":["--job-id","00000000000000000000000000000001"]}]}}},
             "status":{"availableReplicas":1,"readyReplicas":1}}""";

    private final KubernetesSerialization serialization = new KubernetesSerialization(
            ManagedFieldsUnread.apply(new ObjectMapper()), true);

    @Test
    void anObjectIsReadWithEverythingButItsManagedFields() {
        Deployment read = serialization.unmarshal(DEPLOYMENT, Deployment.class);

        assertThat(read.getMetadata().getManagedFields()).isNullOrEmpty();
        assertThat(read.getMetadata().getAdditionalProperties()).doesNotContainKey("managedFields")
                .as("any other field is kept").containsEntry("aFieldOfALaterKubernetes", java.util.Map.of("kept", true));
        assertThat(read.getMetadata().getName()).isEqualTo("orders-jobmanager");
        assertThat(read.getMetadata().getResourceVersion()).isEqualTo("812");
        assertThat(read.getMetadata().getAnnotations()).containsEntry("tributary.dev/desired-hash", "ab12");
        assertThat(read.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo("77aa"));
        assertThat(read.getSpec().getReplicas()).isEqualTo(1);
        assertThat(read.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .containsExactly("--job-id", "00000000000000000000000000000001");
        assertThat(read.getStatus().getReadyReplicas()).isEqualTo(1);
    }

    @Test
    void withoutTheCustomizerTheSameObjectHasThem() {
        Deployment read = new KubernetesSerialization().unmarshal(DEPLOYMENT, Deployment.class);
        assertThat(read.getMetadata().getManagedFields()).hasSize(2);
    }

    @Test
    void aCustomResourceIsReadWithoutThemAndNothingWrittenCarriesThem() {
        Pipeline pipeline = serialization.unmarshal("""
                {"apiVersion":"tributary.dev/v1alpha1","kind":"Pipeline","metadata":{"name":"orders",
                 "namespace":"shop","managedFields":[{"manager":"kubectl","operation":"Apply",
                 "fieldsV1":{"f:spec":{"f:sql":{}}}}]},"spec":{"sql":"INSERT INTO out SELECT * FROM orders"}}""",
                Pipeline.class);
        assertThat(pipeline.getMetadata().getManagedFields()).isNullOrEmpty();
        assertThat(pipeline.getSpec().sql).isEqualTo("INSERT INTO out SELECT * FROM orders");

        pipeline.getMetadata().setManagedFields(List.of(new ManagedFieldsEntryBuilder().withManager("x").build()));
        assertThat(serialization.asJson(pipeline)).doesNotContain("managedFields").contains("\"sql\"");
    }
}
