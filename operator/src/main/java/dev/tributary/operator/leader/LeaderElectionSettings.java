package dev.tributary.operator.leader;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Duration;
import java.util.Optional;

/**
 * Whether and how replicas elect a leader through the Lease {@value #LEASE_NAME}: only the holder reconciles; the
 * others keep their caches warm and take over when the holder has not renewed it for {@code leaseDuration}.
 */
public record LeaderElectionSettings(boolean enabled, Optional<String> leaseNamespace, Duration leaseDuration,
        Duration renewDeadline, Duration retryPeriod) {

    public static final String LEASE_NAME = "tributary-operator";

    /** The Lease configuration for this identity; empty when leader election is off. */
    public Optional<LeaderElectionConfiguration> configuration(String identity) {
        if (!enabled) {
            return Optional.empty();
        }
        String namespace = leaseNamespace.filter(n -> !n.isBlank()).orElseThrow(() -> new IllegalStateException(
                "TRIBUTARY_LEADER_ELECTION_ENABLED is true but TRIBUTARY_LEASE_NAMESPACE is not set: set it to the"
                        + " namespace of the Lease " + LEASE_NAME + " (the operator's own namespace)"));
        requireOrder("TRIBUTARY_LEADER_ELECTION_RENEW_DEADLINE", renewDeadline,
                "TRIBUTARY_LEADER_ELECTION_LEASE_DURATION", leaseDuration);
        requireOrder("TRIBUTARY_LEADER_ELECTION_RETRY_PERIOD", retryPeriod,
                "TRIBUTARY_LEADER_ELECTION_RENEW_DEADLINE", renewDeadline);
        // exitOnStopLeading: a leader that could not renew in time stops at once, so it never writes beside a new one.
        return Optional.of(new LeaderElectionConfiguration(LEASE_NAME, namespace, leaseDuration, renewDeadline,
                retryPeriod, identity, null, true));
    }

    private static void requireOrder(String shorterName, Duration shorter, String longerName, Duration longer) {
        if (shorter.isNegative() || shorter.isZero() || shorter.compareTo(longer) >= 0) {
            throw new IllegalStateException(shorterName + " (" + shorter + ") must be positive and shorter than "
                    + longerName + " (" + longer + ")");
        }
    }
}
