package dev.tributary.operator.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeaderElectionSettingsTest {

    private static LeaderElectionSettings settings(boolean enabled, String namespace) {
        return new LeaderElectionSettings(enabled, Optional.ofNullable(namespace), Duration.ofSeconds(15),
                Duration.ofSeconds(10), Duration.ofSeconds(2));
    }

    @Test
    void offByDefaultSoEveryProcessReconciles() {
        assertThat(settings(false, null).configuration("me")).isEmpty();
    }

    @Test
    void onItHoldsTheNamedLeaseInTheGivenNamespaceUnderThisIdentity() {
        LeaderElectionConfiguration c = settings(true, "tributary-system").configuration("op-0-1a2b3c4d").orElseThrow();
        assertThat(c.getLeaseName()).isEqualTo("tributary-operator");
        assertThat(c.getLeaseNamespace()).contains("tributary-system");
        assertThat(c.getIdentity()).contains("op-0-1a2b3c4d");
        assertThat(c.getLeaseDuration()).isEqualTo(Duration.ofSeconds(15));
        assertThat(c.getRenewDeadline()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.getRetryPeriod()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.isExitOnStopLeading()).as("a leader that lost its Lease stops writing").isTrue();
    }

    @Test
    void onWithoutANamespaceNamesTheVariableToSet() {
        assertThatThrownBy(() -> settings(true, null).configuration("me")).hasMessageContaining("TRIBUTARY_LEASE_NAMESPACE");
        assertThatThrownBy(() -> settings(true, " ").configuration("me")).hasMessageContaining("TRIBUTARY_LEASE_NAMESPACE");
    }

    @Test
    void timingsMustNestRetryInsideRenewInsideLease() {
        assertThatThrownBy(() -> new LeaderElectionSettings(true, Optional.of("ns"), Duration.ofSeconds(10),
                Duration.ofSeconds(10), Duration.ofSeconds(2)).configuration("me"))
                .hasMessageContaining("TRIBUTARY_LEADER_ELECTION_RENEW_DEADLINE");
        assertThatThrownBy(() -> new LeaderElectionSettings(true, Optional.of("ns"), Duration.ofSeconds(15),
                Duration.ofSeconds(10), Duration.ofSeconds(10)).configuration("me"))
                .hasMessageContaining("TRIBUTARY_LEADER_ELECTION_RETRY_PERIOD");
    }

    @Test
    void theIdentityIsTheHostnameAndASuffixNewForEachProcess() {
        OperatorIdentity first = new OperatorIdentity("operator-7d9f-abcde");
        OperatorIdentity second = new OperatorIdentity("operator-7d9f-abcde");
        assertThat(first.value()).startsWith("operator-7d9f-abcde-").hasSize("operator-7d9f-abcde-".length() + 8);
        assertThat(first.value()).isNotEqualTo(second.value());
        assertThat(new OperatorIdentity(null).value()).startsWith("tributary-operator-");
    }
}
