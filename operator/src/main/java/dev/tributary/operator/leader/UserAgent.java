package dev.tributary.operator.leader;

import io.fabric8.kubernetes.client.Config;
import io.quarkus.kubernetes.client.KubernetesConfigCustomizer;
import jakarta.inject.Singleton;

/** Every request says which operator process made it ({@code tributary-operator/<identity>}), as audit logs show. */
@Singleton
public class UserAgent implements KubernetesConfigCustomizer {

    public static final String PREFIX = "tributary-operator/";

    private final OperatorIdentity identity;

    public UserAgent(OperatorIdentity identity) {
        this.identity = identity;
    }

    @Override
    public void customize(Config config) {
        config.setUserAgent(PREFIX + identity.value());
    }
}
