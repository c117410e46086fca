package dev.tributary.operator.source.build;

import dev.tributary.api.plan.IngestPlan;
import dev.tributary.api.plan.KafkaConnectionPlan;
import dev.tributary.api.plan.PlanResolver;
import dev.tributary.api.v1alpha1.IngestStatus;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.operator.pipeline.build.PipelineDeploymentSettings;
import dev.tributary.operator.pipeline.build.PipelineLabels;
import dev.tributary.operator.pipeline.build.PipelineNames;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a Source with {@code spec.ingest.http} runs: the ingest Deployment, its Service, PodDisruptionBudget and
 * NetworkPolicy, all owned by the Source. Pure: the operator and {@code tributary render} build them the same way.
 */
public final class IngestChildren {

    public static final String APP = "tributary-ingest";
    public static final String COMPONENT = "ingest";
    public static final int PORT = 8080;
    public static final int MANAGEMENT_PORT = 8081;

    private IngestChildren() {
    }

    /** The children in the order they are applied; empty when the Source has no ingest endpoint. */
    public static List<HasMetadata> desired(Source source, KafkaConnectionPlan kafka,
            PipelineDeploymentSettings settings) {
        if (!wanted(source)) {
            return List.of();
        }
        IngestPlan plan = PlanResolver.ingest(source, kafka);
        return List.of(IngestDeploymentBuilder.build(source, plan, settings), IngestServiceBuilder.build(source),
                IngestPolicyBuilder.disruptionBudget(source),
                IngestPolicyBuilder.networkPolicy(source, plan, settings));
    }

    public static boolean wanted(Source source) {
        return source.getSpec() != null && source.getSpec().ingest != null && source.getSpec().ingest.http != null;
    }

    /** The Deployment, Service, PodDisruptionBudget and NetworkPolicy all carry this name. */
    public static String name(Source source) {
        return PipelineNames.fit(source.getMetadata().getName() + "-ingest");
    }

    /** {@code status.ingest}: the in-cluster URL, while the Source asks for an endpoint. */
    public static IngestStatus status(Source source) {
        if (!wanted(source)) {
            return null;
        }
        IngestStatus status = new IngestStatus();
        String scheme = source.getSpec().ingest.http.tls == null ? "http" : "https";
        status.url = scheme + "://" + name(source) + "." + source.getMetadata().getNamespace() + ".svc:" + PORT
                + "/v1/sources/" + source.getMetadata().getName() + "/records";
        return status;
    }

    static Map<String, String> selector(Source source) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(PipelineLabels.NAME, APP);
        labels.put(PipelineLabels.INSTANCE, PipelineNames.fit(source.getMetadata().getName()));
        return labels;
    }

    static Map<String, String> labels(Source source) {
        Map<String, String> labels = new TreeMap<>(selector(source));
        labels.put(PipelineLabels.COMPONENT, COMPONENT);
        labels.put(PipelineLabels.MANAGED_BY, PipelineLabels.OPERATOR);
        labels.put(PipelineLabels.PART_OF, PipelineLabels.PRODUCT);
        return labels;
    }

    static ObjectMeta metadata(Source source) {
        return new ObjectMetaBuilder()
                .withName(name(source))
                .withNamespace(source.getMetadata().getNamespace())
                .withLabels(labels(source))
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion(source.getApiVersion())
                        .withKind(source.getKind())
                        .withName(source.getMetadata().getName())
                        .withUid(source.getMetadata().getUid())
                        .withController(true)
                        .withBlockOwnerDeletion(true)
                        .build())
                .build();
    }
}
