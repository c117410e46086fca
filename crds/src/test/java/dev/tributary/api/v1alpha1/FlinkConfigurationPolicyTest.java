package dev.tributary.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FlinkConfigurationPolicyTest {

    @Test
    void theListsReadBackFromTheCelSource() {
        assertThat(FlinkConfigurationPolicy.OWNED_KEYS).contains("state.checkpoints.dir", "parallelism.default",
                "taskmanager.numberOfTaskSlots").doesNotContain("").allMatch(k -> !k.contains("'") && !k.contains(" "));
        assertThat(FlinkConfigurationPolicy.OWNED_PREFIXES).containsExactly("high-availability", "kubernetes.",
                "metrics.reporter.", "$internal.");
        assertThat(FlinkConfigurationPolicy.RULE).contains("'state.checkpoints.dir'");
    }

    @Test
    void saysWhyAKeyIsForbidden() {
        assertThat(FlinkConfigurationPolicy.whyForbidden("rest.port")).hasValue("is set by Tributary from the Pipeline spec");
        assertThat(FlinkConfigurationPolicy.whyForbidden("kubernetes.namespace")).hasValue(
                "starts with 'kubernetes.', which Tributary manages");
        assertThat(FlinkConfigurationPolicy.whyForbidden("table.exec.mini-batch.enabled")).isEmpty();
    }
}
