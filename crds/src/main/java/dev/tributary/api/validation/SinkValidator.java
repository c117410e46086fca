package dev.tributary.api.validation;

import dev.tributary.api.v1alpha1.Sink;
import dev.tributary.api.v1alpha1.SinkSpec;
import dev.tributary.api.v1alpha1.WebhookSinkSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Checks a Sink on its own. */
public final class SinkValidator {

    private SinkValidator() {
    }

    public static List<Problem> validate(Sink sink) {
        SinkSpec spec = sink.getSpec();
        List<Problem> problems = new ArrayList<>();
        if (spec == null) {
            problems.add(new Problem("spec", "a Sink needs a spec with one of kafka, jdbc, filesystem or webhook"));
            return problems;
        }
        int types = (spec.kafka != null ? 1 : 0) + (spec.jdbc != null ? 1 : 0) + (spec.filesystem != null ? 1 : 0)
                + (spec.webhook != null ? 1 : 0);
        if (types != 1) {
            problems.add(new Problem("spec", "set exactly one sink type: kafka, jdbc, filesystem or webhook"
                    + (types > 1 ? " (found " + types + ")" : "")));
        }
        if (spec.schema != null) {
            problems.addAll(SchemaValidator.validate("spec.schema", spec.schema));
        }
        if (spec.kafka != null) {
            problems.addAll(TopicValidator.validate("spec.kafka.topic", spec.kafka.topic,
                    spec.kafka.topic == null ? null : spec.kafka.topic.replicationFactor));
            columnsProblems("spec.kafka.keyFields", spec.kafka.keyFields, spec).forEach(problems::add);
            SchemaValidator.durationProblem("spec.kafka.transactionTimeout", spec.kafka.transactionTimeout)
                    .ifPresent(problems::add);
        }
        if (spec.jdbc != null) {
            if (spec.jdbc.url != null && spec.jdbc.url.toLowerCase(Locale.ROOT).contains("password=")) {
                problems.add(new Problem("spec.jdbc.url", "the url must not carry a password: put the credentials in"
                        + " a Secret and name it in credentialsSecret"));
            }
            columnsProblems("spec.jdbc.upsertKey", spec.jdbc.upsertKey, spec).forEach(problems::add);
            SchemaValidator.durationProblem("spec.jdbc.flushInterval", spec.jdbc.flushInterval).ifPresent(problems::add);
        }
        if (spec.filesystem != null) {
            SchemaValidator.durationProblem("spec.filesystem.rollInterval", spec.filesystem.rollInterval)
                    .ifPresent(problems::add);
        }
        if (spec.webhook != null && spec.webhook.url != null
                && java.util.regex.Pattern.compile(WebhookSinkSpec.SECRET_QUERY).matcher(spec.webhook.url).find()) {
            problems.add(new Problem("spec.webhook.url", "the url's query carries a credential (a token, key,"
                    + " secret, password or signature), which would be stored in plain text: put it in a Secret and"
                    + " name it in spec.webhook.secretRef"));
        }
        if (spec.webhook != null) {
            SchemaValidator.durationProblem("spec.webhook.timeout", spec.webhook.timeout).ifPresent(problems::add);
        }
        return problems;
    }

    /** Columns named by a sink option must exist in the sink's schema, when one is declared. */
    private static List<Problem> columnsProblems(String path, List<String> columns, SinkSpec spec) {
        List<Problem> problems = new ArrayList<>();
        if (columns == null || spec.schema == null || spec.schema.fields == null) {
            return problems;
        }
        for (int i = 0; i < columns.size(); i++) {
            if (spec.schema.field(columns.get(i)).isEmpty()) {
                problems.add(new Problem(path + "[" + i + "]", "'" + columns.get(i) + "' is not a column of"
                        + " spec.schema: name one of " + spec.schema.fields.stream().map(f -> f.name).toList()));
            }
        }
        return problems;
    }
}
