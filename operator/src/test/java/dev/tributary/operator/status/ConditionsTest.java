package dev.tributary.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.v1alpha1.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {

    private static final Instant T1 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant T2 = Instant.parse("2026-01-01T11:00:00Z");

    @Test
    void transitionTimeMovesOnlyWhenTheStatusFlips() {
        List<Condition> first = Conditions.with(List.of(), Conditions.notReady("KafkaUnavailable", "down"), 1, T1);
        List<Condition> sameStatus = Conditions.with(first, Conditions.notReady("KafkaError", "refused"), 2, T2);
        assertThat(sameStatus).singleElement().satisfies(c -> {
            assertThat(c.lastTransitionTime).isEqualTo("2026-01-01T10:00:00Z");
            assertThat(c.reason).isEqualTo("KafkaError");
            assertThat(c.observedGeneration).isEqualTo(2L);
        });
        List<Condition> flipped = Conditions.with(sameStatus, Conditions.ready("TopicReady", "ok"), 2, T2);
        assertThat(flipped.get(0).lastTransitionTime).isEqualTo("2026-01-01T11:00:00Z");
    }

    @Test
    void otherConditionsAreKept() {
        Condition other = new Condition("Checkpointing", Condition.TRUE, "Ok", "fine");
        List<Condition> result = Conditions.with(List.of(other), Conditions.ready("TopicReady", "ok"), 1, T1);
        assertThat(result).extracting(c -> c.type).containsExactly("Checkpointing", "Ready");
    }
}
