package dev.tributary.runtime.sink;

import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.runtime.deadletter.DeadLetter;
import dev.tributary.runtime.deadletter.DeadLetterFit;
import dev.tributary.runtime.deadletter.DeadLetterSink;
import dev.tributary.runtime.deadletter.FitDeadLetters;
import java.io.Serializable;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;

/**
 * Where a sink's dead letters go: the pipeline's dead-letter topic, through the sink's own transactional producer
 * (its own uid and transactional id prefix), so under exactly-once each is in the topic exactly once, committed with
 * the checkpoint like the rows the sink wrote. Travels as table options of the {@code tributary-counted} connector.
 */
public record SinkDeadLetters(String topic, Properties kafka, DeliveryGuarantee guarantee,
        String transactionalIdPrefix, Duration transactionTimeout, int maxMessageBytes, String jobKey)
        implements Serializable {

    static final String PREFIX = "dead-letters.";
    private static final String TOPIC = PREFIX + "topic";
    private static final String GUARANTEE = PREFIX + "delivery-guarantee";
    private static final String TRANSACTIONAL_ID_PREFIX = PREFIX + "transactional-id-prefix";
    private static final String TRANSACTION_TIMEOUT = PREFIX + "transaction-timeout-ms";
    private static final String MAX_MESSAGE_BYTES = PREFIX + "max-message-bytes";
    private static final String PROPERTIES = PREFIX + "properties.";
    private static final String JOB_KEY = PREFIX + "job-key";

    /** The transactional id prefix of a sink's dead letters: not a prefix of another producer's in the pipeline. */
    public static String transactionalIdPrefix(String namespace, String pipeline, String sink) {
        return "tributary-" + namespace + "-" + pipeline + "-sink-dead-letters-" + sink;
    }

    Map<String, String> options() {
        Map<String, String> options = new HashMap<>();
        options.put(TOPIC, topic);
        options.put(GUARANTEE, guarantee.name());
        options.put(TRANSACTIONAL_ID_PREFIX, transactionalIdPrefix);
        options.put(TRANSACTION_TIMEOUT, String.valueOf(transactionTimeout.toMillis()));
        options.put(MAX_MESSAGE_BYTES, String.valueOf(maxMessageBytes));
        options.put(JOB_KEY, jobKey);
        kafka.forEach((k, v) -> options.put(PROPERTIES + k, String.valueOf(v)));
        return options;
    }

    /** From the options {@link #options()} wrote; null when there are none. */
    static SinkDeadLetters fromOptions(Map<String, String> options) {
        if (!options.containsKey(TOPIC)) {
            return null;
        }
        Properties kafka = new Properties();
        options.forEach((k, v) -> {
            if (k.startsWith(PROPERTIES)) {
                kafka.setProperty(k.substring(PROPERTIES.length()), v);
            }
        });
        return new SinkDeadLetters(options.get(TOPIC), kafka, DeliveryGuarantee.valueOf(options.get(GUARANTEE)),
                options.get(TRANSACTIONAL_ID_PREFIX),
                Duration.ofMillis(Long.parseLong(options.get(TRANSACTION_TIMEOUT))),
                Integer.parseInt(options.get(MAX_MESSAGE_BYTES)), options.get(JOB_KEY));
    }

    /**
     * The sink's dead-letter producer. When {@code detached}, it is not the sink handed back to the planner, so it is
     * kept for the job to add itself ({@link DetachedSinks}).
     */
    DataStreamSink<DeadLetter> attach(DataStream<DeadLetter> deadLetters, String sink, boolean detached) {
        // A row as JSON can be larger than the dead-letter topic takes: cut it to fit, as source dead letters are.
        DataStream<DeadLetter> fitted = deadLetters.map(new FitDeadLetters(new DeadLetterFit(maxMessageBytes)))
                .name("fit dead letters: " + sink).uid("sink-dead-letters-fit-" + sink);
        DataStreamSink<DeadLetter> attached = DeadLetterSink.attach(fitted, topic, kafka, guarantee,
                transactionalIdPrefix, transactionTimeout, maxMessageBytes, "sink-dead-letters-" + sink,
                "dead letters: " + sink);
        if (detached) {
            DetachedSinks.add(jobKey, attached.getTransformation());
        }
        return attached;
    }
}
