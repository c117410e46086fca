package dev.tributary.operator.kafka;

/** The Secret a Kafka connection names is missing or incomplete. */
public class KafkaCredentialsException extends RuntimeException {

    public KafkaCredentialsException(String message) {
        super(message);
    }
}
