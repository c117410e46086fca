package dev.tributary.operator.topic.admin;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;

/**
 * Creates the topics many reconciles ask for in as few CreateTopics requests as it can. A broker forwards each such
 * request to the KRaft controller one at a time and answers once the controller committed it, so topics asked for
 * one per request are created one after the other (about 30 a second on a 2-core machine; bench B5 waited 3½ minutes
 * for 3,000), while one request of a hundred takes about as long as one of one. Nothing waits on purpose: the first
 * topic goes out at once, and whatever is asked for while a request is out goes in the next one.
 *
 * <p>A request holds at most {@link #MAX_RECORDS} metadata records (a topic is one, plus one per partition and per
 * config), half what the controller accepts in one operation; a topic larger than that goes alone. A name asked for
 * twice before its request went out waits for the next request, where the broker answers that it exists.
 */
public final class TopicCreationBatcher {

    static final int MAX_RECORDS = 5_000;

    private final Function<List<NewTopic>, Map<String, KafkaFuture<Void>>> send;
    private final Deque<Asked> queued = new ArrayDeque<>();
    private boolean requestOut;

    public TopicCreationBatcher(Admin admin) {
        this(topics -> admin.createTopics(topics).values());
    }

    /** @param send sends one CreateTopics request and returns each topic's answer by name */
    TopicCreationBatcher(Function<List<NewTopic>, Map<String, KafkaFuture<Void>>> send) {
        this.send = send;
    }

    /** Asks for the topic; the future completes with the broker's answer for it. */
    public CompletableFuture<Void> create(NewTopic topic) {
        Asked asked = new Asked(topic, new CompletableFuture<>());
        boolean sendNow;
        synchronized (this) {
            queued.add(asked);
            sendNow = !requestOut;
            requestOut = true;
        }
        if (sendNow) {
            sendNext();
        }
        return asked.answer();
    }

    private void sendNext() {
        List<Asked> batch = takeBatch();
        if (batch.isEmpty()) {
            return;
        }
        Map<String, KafkaFuture<Void>> answers;
        try {
            answers = send.apply(batch.stream().map(Asked::topic).toList());
        } catch (RuntimeException e) {
            batch.forEach(asked -> asked.answer().completeExceptionally(e));
            sendNext();
            return;
        }
        List<KafkaFuture<Void>> all = new ArrayList<>();
        for (Asked asked : batch) {
            KafkaFuture<Void> answer = answers.get(asked.topic().name());
            if (answer == null) {
                asked.answer().completeExceptionally(new IllegalStateException("Kafka's client gave no answer for"
                        + " topic " + asked.topic().name()));
                continue;
            }
            answer.whenComplete((ok, failure) -> {
                if (failure != null) {
                    asked.answer().completeExceptionally(failure);
                } else {
                    asked.answer().complete(null);
                }
            });
            all.add(answer);
        }
        // The next request goes out when every answer of this one is in, whether created or refused.
        KafkaFuture.allOf(all.toArray(KafkaFuture[]::new)).whenComplete((ok, failure) -> sendNext());
    }

    /** The next request's topics, or none (and no request out) when nothing is queued. */
    private synchronized List<Asked> takeBatch() {
        List<Asked> batch = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Deque<Asked> later = new ArrayDeque<>();
        int records = 0;
        while (!queued.isEmpty()) {
            Asked next = queued.peek();
            int size = records(next.topic());
            if (!batch.isEmpty() && records + size > MAX_RECORDS) {
                break;
            }
            queued.poll();
            if (!names.add(next.topic().name())) {
                later.add(next);
                continue;
            }
            batch.add(next);
            records += size;
        }
        while (!later.isEmpty()) {
            queued.addFirst(later.pollLast());
        }
        if (batch.isEmpty()) {
            requestOut = false;
        }
        return batch;
    }

    private static int records(NewTopic topic) {
        int partitions = topic.numPartitions() > 0 ? topic.numPartitions()
                : topic.replicasAssignments() == null ? 1 : topic.replicasAssignments().size();
        return 1 + partitions + (topic.configs() == null ? 0 : topic.configs().size());
    }

    private record Asked(NewTopic topic, CompletableFuture<Void> answer) {
    }
}
