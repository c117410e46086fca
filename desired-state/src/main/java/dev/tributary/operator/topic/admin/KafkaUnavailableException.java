package dev.tributary.operator.topic.admin;

/** Kafka could not be reached or did not answer in time; worth retrying later. */
public class KafkaUnavailableException extends RuntimeException {

    public KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
