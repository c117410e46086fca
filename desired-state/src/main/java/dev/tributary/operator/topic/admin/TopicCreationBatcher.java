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

    /**
     * Sends what is queued, one request at a time: returns once a request is out (its answers send the next) or
     * nothing is left. A request the client answered at once (a closed client fails every call) is followed here
     * rather than from its callback, so a long queue is no deep recursion.
     */
    private void sendNext() {
        try {
            while (true) {
                List<Asked> batch = takeBatch();
                if (batch.isEmpty()) {
                    return;
                }
                KafkaFuture<Void> answered = sendBatch(batch);
                if (!answered.isDone()) {
                    answered.whenComplete((ok, failure) -> sendNext());
                    return;
                }
            }
        } catch (Throwable unexpected) {
            failQueued(unexpected);
        }
    }

    /** Sends one request; the future completes when every topic in it has its answer, whatever it is. */
    private KafkaFuture<Void> sendBatch(List<Asked> batch) {
        Map<String, KafkaFuture<Void>> answers;
        try {
            answers = send.apply(batch.stream().map(Asked::topic).toList());
        } catch (RuntimeException e) {
            batch.forEach(asked -> asked.answer().completeExceptionally(e));
            return KafkaFuture.completedFuture(null);
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
        return KafkaFuture.allOf(all.toArray(KafkaFuture[]::new));
    }

    /** Fails everything queued and lets the next topic asked for go out at once: nothing waits on a broken loop. */
    private void failQueued(Throwable cause) {
        List<Asked> failed;
        synchronized (this) {
            failed = new ArrayList<>(queued);
            queued.clear();
            requestOut = false;
        }
        failed.forEach(asked -> asked.answer().completeExceptionally(cause));
    }

    /**
     * The next request's topics, or none (and no request out) when nothing is queued. Skips topics whose caller
     * stopped waiting (a timeout cancels the future), and defers a name already in the request, or one Kafka would
     * take for it ('.' and '_' collide in metric names, and the controller checks that only against topics it
     * already committed).
     */
    private synchronized List<Asked> takeBatch() {
        List<Asked> batch = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Deque<Asked> later = new ArrayDeque<>();
        int records = 0;
        while (!queued.isEmpty()) {
            Asked next = queued.peek();
            if (next.answer().isDone()) {
                queued.poll();
                continue;
            }
            int size = records(next.topic());
            if (!batch.isEmpty() && records + size > MAX_RECORDS) {
                break;
            }
            queued.poll();
            if (!names.add(next.topic().name().replace('.', '_'))) {
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
