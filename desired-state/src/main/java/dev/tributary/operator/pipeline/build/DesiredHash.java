package dev.tributary.operator.pipeline.build;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stable hash of a desired child (every field the operator sets, keys sorted), stamped on it as an annotation.
 * The child is applied only when the hash on the observed object differs, so a resync that changes nothing writes
 * nothing. Fields other controllers fill in (status, defaults, the Deployment's revision) take no part in it.
 */
public final class DesiredHash {

    public static final String ANNOTATION = "tributary.dev/desired-hash";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .build();

    private DesiredHash() {
    }

    public static String of(HasMetadata desired) {
        try {
            byte[] json = MAPPER.writeValueAsBytes(desired);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json);
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash " + desired.getKind(), e);
        }
    }

    /**
     * Stamps the hash of {@code desired} (computed without the stamp, so stamping twice changes nothing) onto it and
     * returns the hash.
     */
    public static String stamp(HasMetadata desired) {
        Map<String, String> before = desired.getMetadata().getAnnotations();
        if (before != null && before.containsKey(ANNOTATION)) {
            Map<String, String> unstamped = new TreeMap<>(before);
            unstamped.remove(ANNOTATION);
            desired.getMetadata().setAnnotations(unstamped);
        }
        String hash = of(desired);
        Map<String, String> annotations = desired.getMetadata().getAnnotations() == null ? new TreeMap<>()
                : new TreeMap<>(desired.getMetadata().getAnnotations());
        annotations.put(ANNOTATION, hash);
        desired.getMetadata().setAnnotations(annotations);
        return hash;
    }

    /** Whether the observed object carries the desired hash, so applying would change nothing the operator owns. */
    public static boolean matches(HasMetadata observed, String hash) {
        return observed != null && observed.getMetadata().getAnnotations() != null
                && hash.equals(observed.getMetadata().getAnnotations().get(ANNOTATION));
    }

    /**
     * Whether applying {@code desired} would change nothing: the observed object carries its hash, and the one field
     * people change by hand without touching the annotation, a Deployment's replica count, was not changed
     * ({@code kubectl scale deployment} is put back; scale the Pipeline instead).
     */
    public static boolean upToDate(HasMetadata desired, HasMetadata observed, String hash) {
        if (!matches(observed, hash)) {
            return false;
        }
        if (desired instanceof Deployment d && observed instanceof Deployment o) {
            return java.util.Objects.equals(d.getSpec().getReplicas(), o.getSpec().getReplicas());
        }
        return true;
    }
}
