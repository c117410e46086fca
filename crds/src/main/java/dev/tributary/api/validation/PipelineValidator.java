package dev.tributary.api.validation;

import dev.tributary.api.Durations;
import dev.tributary.api.v1alpha1.CheckpointSpec;
import dev.tributary.api.v1alpha1.DeliveryGuarantee;
import dev.tributary.api.v1alpha1.FlinkConfigurationPolicy;
import dev.tributary.api.v1alpha1.ParallelismSpec;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.PipelineSpec;
import dev.tributary.api.v1alpha1.Sink;
import dev.tributary.api.v1alpha1.SinkSpec;
import dev.tributary.api.v1alpha1.Source;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a Pipeline against the Sources and Sinks it names: that they exist, that its SQL reads only its
 * sources and writes only (and every one of) its sinks, and that its exactly-once settings cannot lose data.
 */
public final class PipelineValidator {

    private PipelineValidator() {
    }

    /**
     * @param sources the Sources of the Pipeline's namespace, by name (those it does not list may be absent)
     * @param sinks the Sinks of the Pipeline's namespace, by name
     * @param brokerMaxTransactionTimeout the broker's transaction.max.timeout.ms, or Kafka's default when unknown
     */
    public static List<Problem> validate(Pipeline pipeline, Map<String, Source> sources, Map<String, Sink> sinks,
            Duration brokerMaxTransactionTimeout) {
        PipelineSpec spec = pipeline.getSpec();
        List<Problem> problems = new ArrayList<>();
        if (spec == null) {
            problems.add(new Problem("spec", "a Pipeline needs a spec with sources, sinks and sql"));
            return problems;
        }
        String namespace = pipeline.getMetadata().getNamespace();
        problems.addAll(referenceProblems("spec.sources", "Source", spec.sources, sources.keySet(), namespace));
        problems.addAll(referenceProblems("spec.sinks", "Sink", spec.sinks, sinks.keySet(), namespace));
        problems.addAll(sqlProblems(spec));
        problems.addAll(parallelismProblems(spec.parallelism));
        problems.addAll(checkpointProblems(spec, sinks, brokerMaxTransactionTimeout));
        if (spec.flinkConfiguration != null) {
            spec.flinkConfiguration.keySet().stream().sorted().forEach(key -> FlinkConfigurationPolicy.whyForbidden(key)
                    .ifPresent(why -> problems.add(new Problem("spec.flinkConfiguration", "key '" + key + "' " + why
                            + ": remove it and use the matching spec field (checkpoints, parallelism, resources, image)"))));
        }
        if (spec.autoscaling != null) {
            SchemaValidator.durationProblem("spec.autoscaling.scaleDownDelay", spec.autoscaling.scaleDownDelay)
                    .ifPresent(problems::add);
            if (spec.autoscaling.isEnabled() && spec.replicas != null) {
                problems.add(new Problem("spec.replicas", "replicas is chosen by the autoscaler while"
                        + " autoscaling.enabled is true: remove replicas, or disable autoscaling to set it"));
            }
        }
        return problems;
    }

    private static List<Problem> referenceProblems(String path, String kind, List<String> names,
            Set<String> existing, String namespace) {
        List<Problem> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (!seen.add(name)) {
                problems.add(new Problem(path + "[" + i + "]", kind + " '" + name + "' is listed twice: remove one"));
            } else if (!existing.contains(name)) {
                problems.add(new Problem(path + "[" + i + "]", kind + " '" + name + "' does not exist in namespace '"
                        + namespace + "': create it, or remove it from " + path));
            }
        }
        return problems;
    }

    private static List<Problem> sqlProblems(PipelineSpec spec) {
        List<Problem> problems = new ArrayList<>();
        if (spec.sql == null || spec.sql.isBlank()) {
            problems.add(new Problem("spec.sql", "write at least one INSERT INTO <sink> SELECT ... FROM <source>"));
            return problems;
        }
        Set<String> written = new HashSet<>();
        for (SqlScanner.Statement statement : SqlScanner.scan(spec.sql)) {
            String which = "statement " + statement.number();
            if (!statement.isInsert()) {
                problems.add(new Problem("spec.sql", which + " starts with " + statement.firstKeyword() + "; only"
                        + " INSERT INTO statements belong here: tables come from spec.sources and spec.sinks, and"
                        + " settings from the spec or flinkConfiguration"));
                continue;
            }
            String target = statement.target();
            if (target == null) {
                problems.add(new Problem("spec.sql", which + ": INSERT needs INTO <sink>"));
            } else if (spec.sinks.contains(target)) {
                written.add(target);
            } else if (spec.sources.contains(target)) {
                problems.add(new Problem("spec.sql", which + " writes into '" + target + "', which is a source:"
                        + " write into one of spec.sinks " + spec.sinks));
            } else {
                problems.add(new Problem("spec.sql", which + " writes into '" + target + "', which is not in"
                        + " spec.sinks " + spec.sinks + ": add that Sink to spec.sinks or fix the name"));
            }
            for (String table : statement.reads()) {
                if (spec.sinks.contains(table)) {
                    problems.add(new Problem("spec.sql", which + " reads from '" + table + "', which is a sink:"
                            + " sinks are write-only; to read results again, declare their topic as a Source"));
                } else if (!spec.sources.contains(table)) {
                    problems.add(new Problem("spec.sql", which + " reads table '" + table + "', which is not in"
                            + " spec.sources " + spec.sources + ": add that Source to spec.sources or fix the name"));
                }
            }
        }
        for (int i = 0; i < spec.sinks.size(); i++) {
            if (!written.contains(spec.sinks.get(i))) {
                problems.add(new Problem("spec.sinks[" + i + "]", "Sink '" + spec.sinks.get(i) + "' is never"
                        + " written: add an INSERT INTO " + spec.sinks.get(i) + " statement or remove it from spec.sinks"));
            }
        }
        return problems;
    }

    private static List<Problem> parallelismProblems(ParallelismSpec p) {
        List<Problem> problems = new ArrayList<>();
        if (p == null) {
            return problems;
        }
        if (p.min != null && p.initial != null && p.min > p.initial) {
            problems.add(new Problem("spec.parallelism.initial", "parallelism.initial must be at least parallelism.min"));
        }
        if (p.max != null && p.initial != null && p.initial > p.max) {
            problems.add(new Problem("spec.parallelism.initial", "parallelism.initial must be at most parallelism.max"));
        }
        if (p.min != null && p.max != null && p.min > p.max) {
            problems.add(new Problem("spec.parallelism.max", "parallelism.max must be at least parallelism.min"));
        }
        return problems;
    }

    private static List<Problem> checkpointProblems(PipelineSpec spec, Map<String, Sink> sinks,
            Duration brokerMaxTransactionTimeout) {
        List<Problem> problems = new ArrayList<>();
        CheckpointSpec checkpoints = spec.checkpoints == null ? new CheckpointSpec() : spec.checkpoints;
        Duration interval;
        Duration timeout;
        try {
            interval = Durations.parse(checkpoints.interval, CheckpointSpec.DEFAULT_INTERVAL);
            timeout = Durations.parse(checkpoints.timeout, CheckpointSpec.DEFAULT_TIMEOUT);
        } catch (IllegalArgumentException e) {
            problems.add(new Problem("spec.checkpoints", e.getMessage()));
            return problems;
        }
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            problems.add(new Problem("spec.checkpoints.interval", "checkpoints.interval must be at least 1s"));
        }
        if (checkpoints.guaranteeOrDefault() != DeliveryGuarantee.EXACTLY_ONCE) {
            return problems;
        }
        for (String name : spec.sinks) {
            Sink sink = sinks.get(name);
            if (sink == null || sink.getSpec() == null) {
                continue;
            }
            SinkSpec sinkSpec = sink.getSpec();
            if (sinkSpec.kafka != null) {
                Duration transactionTimeout;
                try {
                    transactionTimeout = Durations.parse(sinkSpec.kafka.transactionTimeout,
                            ExactlyOnceRules.DEFAULT_TRANSACTION_TIMEOUT);
                } catch (IllegalArgumentException e) {
                    continue; // the Sink's own validation reports it
                }
                ExactlyOnceRules.transactionTimeoutProblem(name, interval, timeout, transactionTimeout,
                        brokerMaxTransactionTimeout).ifPresent(m -> problems.add(new Problem("spec.checkpoints", m)));
            } else if (sinkSpec.jdbc != null && (sinkSpec.jdbc.upsertKey == null || sinkSpec.jdbc.upsertKey.isEmpty())) {
                problems.add(new Problem("spec.checkpoints.guarantee", "JDBC sink '" + name + "' appends rows (it has"
                        + " no upsertKey), so rows replayed after a failure would be written twice: set the Sink's"
                        + " jdbc.upsertKey, or set checkpoints.guarantee to at-least-once"));
            } else if (sinkSpec.webhook != null) {
                problems.add(new Problem("spec.checkpoints.guarantee", "webhook sink '" + name + "' cannot be"
                        + " exactly-once (a POST cannot be taken back after a failure): set checkpoints.guarantee"
                        + " to at-least-once"));
            }
        }
        return problems;
    }
}
