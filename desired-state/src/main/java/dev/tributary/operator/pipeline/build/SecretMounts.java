package dev.tributary.operator.pipeline.build;

import dev.tributary.api.plan.CheckpointPlan;
import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.SecretCredentials;
import dev.tributary.api.plan.SinkPlan;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The Secrets a plan names, and the keys it needs of each: Kafka SASL credentials and CA certificate, JDBC, filesystem and
 * object-store credentials, webhook Authorization. Pods mount exactly these keys, read-only, at
 * {@code /etc/tributary/secrets/<secret>/<key>}, where the runtime reads them; no value is ever copied.
 */
public final class SecretMounts {

    /** Volume names are DNS labels; a longer name is shortened with a hash of the Secret's name. */
    private static final int MAX_VOLUME_NAME = 63;

    private SecretMounts() {
    }

    /** Secret name to the keys the plan reads from it, both sorted. */
    public static SortedMap<String, SortedSet<String>> of(PipelinePlan plan) {
        SortedMap<String, SortedSet<String>> keys = new TreeMap<>();
        if (plan.kafka() != null) {
            add(keys, plan.kafka().saslCredentials());
            if (plan.kafka().caCertificate() != null) {
                add(keys, plan.kafka().caCertificate().secretName(), plan.kafka().caCertificate().key());
            }
        }
        CheckpointPlan checkpoints = plan.checkpoints();
        if (checkpoints != null) {
            add(keys, checkpoints.objectStoreCredentials());
        }
        for (SinkPlan sink : plan.sinks()) {
            if (sink.jdbc() != null) {
                add(keys, sink.jdbc().credentials());
            }
            if (sink.filesystem() != null) {
                add(keys, sink.filesystem().credentials());
            }
            if (sink.webhook() != null && sink.webhook().authorization() != null) {
                add(keys, sink.webhook().authorization().secretName(), sink.webhook().authorization().key());
            }
        }
        return keys;
    }

    /** The name of the pod volume that holds one Secret. */
    public static String volumeName(String secretName) {
        String name = "secret-" + secretName.replace('.', '-');
        if (name.length() <= MAX_VOLUME_NAME) {
            return name;
        }
        return name.substring(0, MAX_VOLUME_NAME - 17) + "-" + shortHash(secretName);
    }

    private static void add(Map<String, SortedSet<String>> keys, SecretCredentials credentials) {
        if (credentials != null) {
            add(keys, credentials.secretName(), credentials.usernameKey());
            add(keys, credentials.secretName(), credentials.passwordKey());
        }
    }

    private static void add(Map<String, SortedSet<String>> keys, String secret, String key) {
        keys.computeIfAbsent(secret, s -> new TreeSet<>()).add(key);
    }

    private static String shortHash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
