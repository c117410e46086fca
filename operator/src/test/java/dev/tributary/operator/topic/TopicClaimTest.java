package dev.tributary.operator.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopicClaimTest {

    @Test
    void theOlderClaimOwnsTheTopicAndEveryoneAgrees() {
        TopicClaim older = new TopicClaim("k:9092", "t", "Source", "a", "first", "2026-01-01T10:00:00Z", "b-uid", false);
        TopicClaim newer = new TopicClaim("k:9092", "t", "Sink", "b", "second", "2026-01-01T10:00:05Z", "a-uid", false);
        TopicClaim sameSecond = new TopicClaim("k:9092", "t", "Source", "c", "third", "2026-01-01T10:00:00Z", "c-uid", false);
        assertThat(TopicClaim.owner(List.of(newer, older, sameSecond))).contains(older);
        assertThat(TopicClaim.owner(List.of(sameSecond, older))).as("ties broken by uid").contains(older);
    }

    @Test
    void aClaimAlreadyManagingTheTopicKeepsItAgainstAnOlderNewcomer() {
        TopicClaim managing = new TopicClaim("k:9092", "t", "Source", "a", "first", "2026-01-01T10:00:00Z", "b-uid", true);
        TopicClaim sameSecondNewcomer = new TopicClaim("k:9092", "t", "Sink", "a", "second", "2026-01-01T10:00:00Z", "a-uid", false);
        assertThat(TopicClaim.owner(List.of(sameSecondNewcomer, managing))).contains(managing);
    }
}
