package dev.tributary.operator.topic.admin;

/** Kafka answered but refused the change (an invalid config value, a replication factor above the broker count...). */
public class TopicRejectedException extends RuntimeException {

    public TopicRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
