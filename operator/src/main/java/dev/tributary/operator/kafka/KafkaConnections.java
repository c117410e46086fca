package dev.tributary.operator.kafka;

import dev.tributary.api.v1alpha1.CredentialsSecretRef;
import dev.tributary.api.v1alpha1.KafkaConnectionSpec;
import dev.tributary.api.v1alpha1.SecretKeyRef;
import dev.tributary.operator.topic.admin.KafkaTopicAdmin;
import dev.tributary.operator.topic.admin.TopicAdmin;
import dev.tributary.operator.topic.admin.TopicCreationBatcher;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.jboss.logging.Logger;

/**
 * Admin clients for the Kafka clusters resources live on: the operator's default cluster, or the one a
 * resource names in {@code spec.kafkaConnection}. Credentials are read from Secrets when a client is made and
 * kept only inside that client; one client is shared by all resources with the same connection, and a client
 * whose Secrets changed is replaced by a new one.
 */
@ApplicationScoped
public class KafkaConnections {

    private static final Logger LOG = Logger.getLogger(KafkaConnections.class);
    private static final Duration CLOSE_REPLACED_AFTER = Duration.ofSeconds(15);

    private final KafkaClusterConfig defaults;
    private final KubernetesClient kubernetes;
    /** Admin clients by the fingerprint of their settings (credentials included). */
    private final Map<String, Admin> admins = new HashMap<>();
    /** For each client, the topics its users ask to create, sent together (see {@link TopicCreationBatcher}). */
    private final Map<Admin, TopicCreationBatcher> creations = new IdentityHashMap<>();
    /** For each connection as resources name it (no secret values), the fingerprint of its client now. */
    private final Map<String, String> inUse = new HashMap<>();

    public KafkaConnections(KafkaClusterConfig defaults, KubernetesClient kubernetes) {
        this.defaults = defaults;
        this.kubernetes = kubernetes;
    }

    /**
     * The topic admin for a resource in {@code namespace} with an optional connection override. The Secrets are
     * read on every call, so a rotated credential or CA makes a new client; the client it replaces is closed once
     * no connection uses it any more (after a grace period, so a reconcile still using it can finish).
     */
    public TopicAdmin topicAdmin(String namespace, KafkaConnectionSpec override) {
        Properties props = override == null ? defaultProperties() : overrideProperties(namespace, override);
        String bootstrap = props.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        String fingerprint = fingerprint(props);
        Admin admin;
        TopicCreationBatcher batcher;
        synchronized (this) {
            admin = admins.computeIfAbsent(fingerprint, key -> Admin.create(props));
            batcher = creations.computeIfAbsent(admin, TopicCreationBatcher::new);
            String replaced = inUse.put(connectionName(namespace, override), fingerprint);
            if (replaced != null && !replaced.equals(fingerprint) && !inUse.containsValue(replaced)) {
                Admin old = admins.remove(replaced);
                if (old != null) {
                    creations.remove(old);
                    LOG.infof("The Kafka client for %s is replaced: its credentials or TLS settings changed. The old"
                            + " client is closed in %ds.", bootstrap, CLOSE_REPLACED_AFTER.toSeconds());
                    CompletableFuture.delayedExecutor(CLOSE_REPLACED_AFTER.toSeconds(), TimeUnit.SECONDS)
                            .execute(() -> closeReplaced(old, bootstrap));
                }
            }
        }
        return new KafkaTopicAdmin(admin, batcher, bootstrap, defaults.requestTimeout());
    }

    @PreDestroy
    synchronized void close() {
        admins.values().forEach(Admin::close);
        admins.clear();
        creations.clear();
    }

    private static void closeReplaced(Admin old, String bootstrap) {
        old.close(Duration.ofSeconds(5));
        LOG.infof("Closed the replaced Kafka client for %s.", bootstrap);
    }

    /** A connection as a resource names it: where, how, and which Secrets — never what the Secrets hold. */
    private static String connectionName(String namespace, KafkaConnectionSpec spec) {
        if (spec == null) {
            return "default";
        }
        return String.join("|", namespace, String.valueOf(spec.bootstrapServers), String.valueOf(spec.securityProtocol),
                String.valueOf(spec.saslMechanism),
                spec.credentialsSecret == null ? "-" : spec.credentialsSecret.name + "/"
                        + spec.credentialsSecret.usernameKeyOrDefault() + "/" + spec.credentialsSecret.passwordKeyOrDefault(),
                spec.caCertificate == null ? "-" : spec.caCertificate.name + "/" + spec.caCertificate.key);
    }

    private Properties defaultProperties() {
        Properties p = base(defaults.bootstrapServers(), defaults.securityProtocol());
        if (defaults.securityProtocol().startsWith("SASL_")) {
            String[] ref = defaults.credentialsSecret().orElseThrow(() -> new IllegalStateException(
                    "tributary.kafka.security-protocol " + defaults.securityProtocol() + " needs"
                            + " tributary.kafka.credentials-secret=<namespace>/<name>")).split("/", 2);
            sasl(p, defaults.saslMechanism(), secret(ref[0], ref[1]), "username", "password");
        }
        defaults.caCertificate().ifPresent(ref -> {
            String[] parts = ref.split("/", 3);
            trust(p, value(secret(parts[0], parts[1]), parts[2]));
        });
        return p;
    }

    private Properties overrideProperties(String namespace, KafkaConnectionSpec spec) {
        String protocol = spec.securityProtocol == null ? "PLAINTEXT" : spec.securityProtocol.name();
        Properties p = base(spec.bootstrapServers, protocol);
        if (protocol.startsWith("SASL_")) {
            CredentialsSecretRef ref = spec.credentialsSecret;
            String mechanism = spec.saslMechanism == null ? "SCRAM-SHA-512" : spec.saslMechanism.name().replace('_', '-');
            sasl(p, mechanism, secret(namespace, ref.name), ref.usernameKeyOrDefault(), ref.passwordKeyOrDefault());
        }
        if (spec.caCertificate != null) {
            SecretKeyRef ca = spec.caCertificate;
            trust(p, value(secret(namespace, ca.name), ca.key));
        }
        return p;
    }

    private static Properties base(String bootstrapServers, String securityProtocol) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, securityProtocol);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "tributary-operator");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "8000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "9000");
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "2000");
        return p;
    }

    private static void sasl(Properties p, String mechanism, Secret secret, String userKey, String passwordKey) {
        String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        p.put(SaslConfigs.SASL_MECHANISM, mechanism);
        p.put(SaslConfigs.SASL_JAAS_CONFIG, module + " required username=\"" + escape(value(secret, userKey))
                + "\" password=\"" + escape(value(secret, passwordKey)) + "\";");
    }

    private static void trust(Properties p, String pem) {
        p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
        p.put(SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG, pem);
    }

    private Secret secret(String namespace, String name) {
        Secret secret = kubernetes.secrets().inNamespace(namespace).withName(name).get();
        if (secret == null) {
            throw new KafkaCredentialsException("Secret " + namespace + "/" + name + " with the Kafka credentials"
                    + " does not exist: create it or fix the reference");
        }
        return secret;
    }

    private static String value(Secret secret, String key) {
        String encoded = secret.getData() == null ? null : secret.getData().get(key);
        if (encoded == null) {
            throw new KafkaCredentialsException("Secret " + secret.getMetadata().getNamespace() + "/"
                    + secret.getMetadata().getName() + " has no key '" + key + "': add it or fix the reference");
        }
        return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** A key that differs when any setting differs, without keeping the secrets in a readable form. */
    private static String fingerprint(Properties props) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            new TreeMap<>(props).forEach((k, v) -> digest.update((k + "=" + v + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
