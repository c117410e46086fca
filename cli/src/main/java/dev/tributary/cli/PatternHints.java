package dev.tributary.cli;

import java.util.Map;
import java.util.Optional;

/**
 * What the CRDs' common patterns mean, said so that a person can fix the value without reading a regular expression.
 * A pattern with no hint here is reported with the expression itself.
 */
final class PatternHints {

    private static final String FLINK_TYPE_PREFIX = "^(?i)(STRING|";

    private static final Map<String, String> HINTS = Map.of(
            "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$", "is not a duration: write it like 500ms, 30s, 5m or 1h30m",
            "^([0-9]+(\\.[0-9]+)?|\\.[0-9]+)(m|k|Ki|M|Mi|G|Gi|T|Ti|P|Pi|E|Ei)?$",
            "is not a quantity: write it like 500m, 2, 512Mi or 10Gi",
            "^[A-Za-z_][A-Za-z0-9_]*$",
            "is not a SQL name: use letters, digits and _, starting with a letter or _",
            "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
            "is not a Kubernetes name: use lower-case letters, digits, '-' and '.', starting and ending with a letter"
                    + " or digit",
            "^[-._a-zA-Z0-9]+$", "may contain only letters, digits, '.', '_' and '-'",
            "^[a-zA-Z0-9._-]+$", "may contain only letters, digits, '.', '_' and '-'",
            "^[^\\s,]+:[0-9]+(,[^\\s,]+:[0-9]+)*$",
            "is not a list of brokers: write host:port pairs separated by commas, like kafka-0:9092,kafka-1:9092",
            "^jdbc:postgresql://.+$", "is not a PostgreSQL JDBC URL: write it like jdbc:postgresql://host:5432/database",
            "^https?://[^\\s]+$", "is not an http or https URL");

    private PatternHints() {
    }

    static Optional<String> of(String pattern) {
        if (pattern.startsWith(FLINK_TYPE_PREFIX)) {
            return Optional.of("is not a Flink SQL type: write for example STRING, BIGINT, DECIMAL(10, 2), TIMESTAMP(3),"
                    + " ARRAY<STRING> or ROW<a INT>");
        }
        return Optional.ofNullable(HINTS.get(pattern));
    }
}
