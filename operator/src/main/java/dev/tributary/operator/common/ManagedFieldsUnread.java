package dev.tributary.operator.common;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.quarkus.kubernetes.client.KubernetesClientObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * The operator's Kubernetes client reads every object without {@code metadata.managedFields}. Nothing here reads
 * them (children are compared by their desired-state hash; writes are server-side applies, patches and status
 * patches, and an update without the field keeps the server's), yet parsed into nested maps they were most of what
 * the informer caches held per Pipeline (bench B5): each server-side apply lists every field it set, each status
 * patch every status field. Dropped while parsing, so every cache is rid of them, whatever namespaces it watches.
 */
@Singleton
public class ManagedFieldsUnread implements KubernetesClientObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        apply(mapper);
    }

    /** Makes {@code mapper} skip {@code metadata.managedFields} when it reads and leave it out when it writes. */
    public static ObjectMapper apply(ObjectMapper mapper) {
        return mapper.addMixIn(ObjectMeta.class, Skipped.class);
    }

    /**
     * Named in {@code @JsonIgnoreProperties}, not marked {@code @JsonIgnore}: an ignored property would go to
     * ObjectMeta's any-setter, its additional properties, as the same nested maps. Only this one field: any other
     * field the server adds still goes to the additional properties, as before.
     */
    @JsonIgnoreProperties("managedFields")
    private abstract static class Skipped {
    }
}
