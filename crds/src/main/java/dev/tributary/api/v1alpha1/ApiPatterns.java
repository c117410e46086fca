package dev.tributary.api.v1alpha1;

/**
 * Regular expressions shared by the OpenAPI schema (through {@code @Pattern}) and the offline validators, so the
 * API server and {@code tributary validate} agree on what is legal.
 */
public final class ApiPatterns {

    /** A Go-style duration as Kubernetes CEL's {@code duration()} reads it: "500ms", "30s", "5m", "1h30m". */
    public static final String DURATION = "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$";

    /** A Kubernetes resource quantity such as "10Gi", "512Mi" or "1.5". */
    public static final String QUANTITY = "^([0-9]+(\\.[0-9]+)?|\\.[0-9]+)(m|k|Ki|M|Mi|G|Gi|T|Ti|P|Pi|E|Ei)?$";

    /** The characters Kafka allows in a topic name (length is checked separately, at most 249). */
    public static final String TOPIC_NAME = "^[a-zA-Z0-9._-]+$";

    /** A Kubernetes object name (DNS-1123 subdomain), as used to refer to a Source, Sink or Secret. */
    public static final String OBJECT_NAME = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    /** A column name usable in Flink SQL without quoting. */
    public static final String COLUMN_NAME = "^[A-Za-z_][A-Za-z0-9_]*$";

    /** A Kafka topic-config or Flink configuration key. */
    public static final String CONFIG_KEY = "^[a-zA-Z0-9][a-zA-Z0-9._-]*$";

    private ApiPatterns() {
    }
}
