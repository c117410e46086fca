package dev.tributary.operator.topic.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.junit.jupiter.api.Test;

class TopicCreationBatcherTest {

    /** CreateTopics requests as a broker gets them, answered when the test says. */
    private static final class Requests {
        final List<List<String>> sent = new ArrayList<>();
        final List<Map<String, KafkaFutureImpl<Void>>> answers = new ArrayList<>();
        RuntimeException refuseNext;
        RuntimeException refuseAll;

        synchronized Map<String, KafkaFuture<Void>> send(List<NewTopic> topics) {
            if (refuseAll != null) {
                throw refuseAll;
            }
            if (refuseNext != null) {
                RuntimeException e = refuseNext;
                refuseNext = null;
                throw e;
            }
            sent.add(topics.stream().map(NewTopic::name).toList());
            Map<String, KafkaFutureImpl<Void>> futures = new LinkedHashMap<>();
            topics.forEach(t -> futures.put(t.name(), new KafkaFutureImpl<>()));
            answers.add(futures);
            return Map.copyOf(futures);
        }

        void answerAll(int request) {
            answers.get(request).values().forEach(f -> f.complete(null));
        }
    }

    private final Requests requests = new Requests();
    private final TopicCreationBatcher batcher = new TopicCreationBatcher(requests::send);

    @Test
    void theFirstTopicGoesAtOnceAndWhatIsAskedMeanwhileGoesInOneRequest() throws Exception {
        CompletableFuture<Void> first = batcher.create(topic("a", 1));
        assertThat(requests.sent).containsExactly(List.of("a"));

        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        for (String name : List.of("b", "c", "d")) {
            waiting.add(batcher.create(topic(name, 1)));
        }
        assertThat(requests.sent).hasSize(1);
        assertThat(waiting).noneMatch(CompletableFuture::isDone);

        requests.answerAll(0);
        assertThat(first).isCompleted();
        assertThat(requests.sent).containsExactly(List.of("a"), List.of("b", "c", "d"));

        requests.answerAll(1);
        assertThat(waiting).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        CompletableFuture<Void> later = batcher.create(topic("e", 1));
        assertThat(requests.sent).hasSize(3).last().isEqualTo(List.of("e"));
        assertThat(later).isNotDone();
    }

    @Test
    void eachCallerGetsTheAnswerForItsOwnTopic() {
        batcher.create(topic("first", 1));
        CompletableFuture<Void> exists = batcher.create(topic("exists", 1));
        CompletableFuture<Void> invalid = batcher.create(topic("invalid", 1));
        CompletableFuture<Void> fine = batcher.create(topic("fine", 1));
        requests.answerAll(0);

        Map<String, KafkaFutureImpl<Void>> second = requests.answers.get(1);
        second.get("exists").completeExceptionally(new TopicExistsException("Topic 'exists' already exists."));
        second.get("invalid").completeExceptionally(new InvalidConfigurationException("bad cleanup.policy"));
        second.get("fine").complete(null);

        assertThatThrownBy(exists::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TopicExistsException.class);
        assertThatThrownBy(invalid::get).hasCauseInstanceOf(InvalidConfigurationException.class);
        assertThat(fine).isCompleted();
    }

    @Test
    void aNameAskedTwiceGoesInTwoRequests() {
        batcher.create(topic("first", 1));
        batcher.create(topic("orders", 1));
        batcher.create(topic("orders", 1));
        batcher.create(topic("payments", 1));
        requests.answerAll(0);
        assertThat(requests.sent.get(1)).containsExactly("orders", "payments");

        requests.answerAll(1);
        assertThat(requests.sent.get(2)).containsExactly("orders");
    }

    @Test
    void aRequestStaysUnderTheControllersRecordLimit() {
        batcher.create(topic("first", 1));
        int perTopic = 1 + 999;
        int fit = TopicCreationBatcher.MAX_RECORDS / perTopic;
        for (int i = 0; i < fit + 1; i++) {
            batcher.create(topic("wide-" + i, 999));
        }
        CompletableFuture<Void> huge = batcher.create(topic("huge", TopicCreationBatcher.MAX_RECORDS * 2));
        requests.answerAll(0);
        assertThat(requests.sent.get(1)).hasSize(fit);

        requests.answerAll(1);
        assertThat(requests.sent.get(2)).containsExactly("wide-" + fit);
        requests.answerAll(2);
        assertThat(requests.sent.get(3)).containsExactly("huge");
        requests.answerAll(3);
        assertThat(huge).isCompleted();
    }

    @Test
    void aRequestTheClientRefusesFailsItsCallersAndTheNextOneStillGoes() {
        batcher.create(topic("first", 1));
        CompletableFuture<Void> refused = batcher.create(topic("refused", 1));
        requests.refuseNext = new IllegalStateException("the client is closed");
        requests.answerAll(0);
        assertThat(refused).isCompletedExceptionally();

        CompletableFuture<Void> next = batcher.create(topic("next", 1));
        assertThat(requests.sent).last().isEqualTo(List.of("next"));
        requests.answerAll(requests.sent.size() - 1);
        assertThat(next).isCompleted();
    }

    @Test
    void aTopicWhoseCallerStoppedWaitingIsNotSent() {
        batcher.create(topic("first", 1));
        CompletableFuture<Void> timedOut = batcher.create(topic("timed-out", 1));
        batcher.create(topic("waited-for", 1));
        timedOut.cancel(false);
        requests.answerAll(0);
        assertThat(requests.sent.get(1)).containsExactly("waited-for");
    }

    @Test
    void namesThatCollideOnDotAndUnderscoreGoInTwoRequests() {
        batcher.create(topic("first", 1));
        batcher.create(topic("orders.eu", 1));
        batcher.create(topic("orders_eu", 1));
        requests.answerAll(0);
        assertThat(requests.sent.get(1)).containsExactly("orders.eu");
        requests.answerAll(1);
        assertThat(requests.sent.get(2)).containsExactly("orders_eu");
    }

    @Test
    void aClosedClientFailsEveryQueuedTopicWithoutDeepRecursion() {
        batcher.create(topic("first", 1));
        List<CompletableFuture<Void>> queued = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            queued.add(batcher.create(topic("wide-" + i, TopicCreationBatcher.MAX_RECORDS)));
        }
        requests.refuseAll = new IllegalStateException("Cannot accept new calls when AdminClient is closing.");
        requests.answerAll(0);

        assertThat(queued).allMatch(CompletableFuture::isCompletedExceptionally);
        CompletableFuture<Void> after = batcher.create(topic("after", 1));
        assertThat(after).isCompletedExceptionally();
    }

    private static NewTopic topic(String name, int partitions) {
        return new NewTopic(name, partitions, (short) 1);
    }
}
