package dev.tributary.operator.topic.plan;

/**
 * Every reason the Ready condition of a resource that owns a Kafka topic (a Source, a Kafka Sink) gives; a
 * Pipeline's dead-letter topic reports the same. The README lists the same (ReasonsInReadmeTest checks).
 */
public enum TopicReason {
    /** The resource needs nothing in Kafka. */
    Accepted,
    TopicReady, NotSupported, TopicNotFound, ResourceConflict, InvalidConfiguration, KafkaUnavailable, KafkaError,
    CredentialsMissing, KafkaAuthenticationFailed,
    /** The operator could not record that the topic is to be deleted with the resource (deletionPolicy Delete). */
    TopicLedgerUnavailable,
    /** The operator failed in a way that says nothing about the spec. */
    InternalError
}
