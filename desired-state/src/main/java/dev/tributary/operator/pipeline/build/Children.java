package dev.tributary.operator.pipeline.build;

import dev.tributary.api.v1alpha1.Pipeline;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.Map;

/** Metadata every child of a Pipeline shares: its namespace, labels, and the Pipeline as its controlling owner. */
final class Children {

    private Children() {
    }

    static ObjectMeta metadata(Pipeline pipeline, String name, Map<String, String> labels) {
        ObjectMeta metadata = unownedMetadata(pipeline, name, labels);
        metadata.setOwnerReferences(java.util.List.of(ownerReference(pipeline)));
        return metadata;
    }

    /** The same without an owner reference: a child that outlives the Pipeline (a retained checkpoint volume). */
    static ObjectMeta unownedMetadata(Pipeline pipeline, String name, Map<String, String> labels) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(pipeline.getMetadata().getNamespace())
                .withLabels(labels)
                .build();
    }

    /** Deleting the Pipeline deletes the child; the garbage collector waits for it with foreground deletion. */
    static OwnerReference ownerReference(Pipeline pipeline) {
        return new OwnerReferenceBuilder()
                .withApiVersion(pipeline.getApiVersion())
                .withKind(pipeline.getKind())
                .withName(pipeline.getMetadata().getName())
                .withUid(pipeline.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }
}
