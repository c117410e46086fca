package dev.tributary.operator.leader;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Gives the Operator SDK its Lease configuration when TRIBUTARY_LEADER_ELECTION_ENABLED is true. The SDK looks the
 * bean up by type at start; null (leader election off) makes every replica reconcile, as a single local run should.
 */
public class LeaderElection {

    private static final Logger LOG = Logger.getLogger(LeaderElection.class);

    @Produces
    @Dependent
    @Unremovable
    LeaderElectionConfiguration configuration(OperatorIdentity identity,
            @ConfigProperty(name = "tributary.leader-election.enabled", defaultValue = "false") boolean enabled,
            @ConfigProperty(name = "tributary.lease-namespace") Optional<String> leaseNamespace,
            @ConfigProperty(name = "tributary.leader-election.lease-duration", defaultValue = "15s") Duration leaseDuration,
            @ConfigProperty(name = "tributary.leader-election.renew-deadline", defaultValue = "10s") Duration renewDeadline,
            @ConfigProperty(name = "tributary.leader-election.retry-period", defaultValue = "2s") Duration retryPeriod) {
        Optional<LeaderElectionConfiguration> configuration = new LeaderElectionSettings(enabled, leaseNamespace,
                leaseDuration, renewDeadline, retryPeriod).configuration(identity.value());
        configuration.ifPresentOrElse(
                c -> LOG.infof("leader election on: Lease %s/%s, identity %s, lease duration %s", c.getLeaseNamespace()
                        .orElseThrow(), c.getLeaseName(), identity, leaseDuration),
                () -> LOG.infof("leader election off: this process (%s) reconciles at once", identity));
        return configuration.orElse(null);
    }
}
