package dev.tributary.operator.leader;

import jakarta.inject.Singleton;
import java.util.UUID;

/**
 * Who this operator process is: its pod's name (HOSTNAME in a pod) and a suffix unique to the process, so a
 * restarted container never takes its predecessor's Lease for its own. Holds the Lease and is the Kubernetes
 * client's user agent, so the API server's audit log says which replica made each write.
 */
@Singleton
public class OperatorIdentity {

    private final String value;

    public OperatorIdentity() {
        this(System.getenv("HOSTNAME"));
    }

    OperatorIdentity(String hostname) {
        String host = hostname == null || hostname.isBlank() ? "tributary-operator" : hostname.trim();
        this.value = host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
