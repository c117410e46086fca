package dev.tributary.api.v1alpha1;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The Flink configuration keys Tributary sets itself from the Pipeline spec, which {@code flinkConfiguration}
 * therefore must not carry. One list serves the CRD's CEL rule and the offline validator.
 */
public final class FlinkConfigurationPolicy {

    static final String OWNED_KEYS_CEL = "['execution.checkpointing.interval', 'execution.checkpointing.mode',"
            + " 'execution.checkpointing.timeout', 'execution.checkpointing.dir', 'execution.checkpointing.savepoint-dir',"
            + " 'execution.checkpointing.externalized-checkpoint-retention', 'state.checkpoints.dir',"
            + " 'state.savepoints.dir', 'execution.savepoint.path', 'jobmanager.scheduler', 'scheduler-mode',"
            + " 'jobmanager.rpc.address', 'jobmanager.rpc.port', 'rest.address', 'rest.port', 'rest.bind-address',"
            + " 'parallelism.default', 'taskmanager.numberOfTaskSlots', 'jobmanager.memory.process.size',"
            + " 'taskmanager.memory.process.size', 'pipeline.name']";

    static final String OWNED_PREFIXES_CEL = "['high-availability', 'kubernetes.', 'metrics.reporter.', '$internal.']";

    static final String IS_OWNED_CEL = "(k in " + OWNED_KEYS_CEL + " || " + OWNED_PREFIXES_CEL
            + ".exists(p, k.startsWith(p)))";

    static final String RULE = "!self.exists(k, " + IS_OWNED_CEL + ")";

    static final String MESSAGE_EXPRESSION = "'flinkConfiguration key ' + self.filter(k, " + IS_OWNED_CEL + ")[0]"
            + " + ' is set by Tributary from the Pipeline spec: remove it and use the matching spec field"
            + " (checkpoints, parallelism, resources, image)'";

    public static final List<String> OWNED_KEYS = parse(OWNED_KEYS_CEL);
    public static final List<String> OWNED_PREFIXES = parse(OWNED_PREFIXES_CEL);

    private FlinkConfigurationPolicy() {
    }

    /** The reason a key may not be set, or empty when it may. */
    public static Optional<String> whyForbidden(String key) {
        if (OWNED_KEYS.contains(key)) {
            return Optional.of("is set by Tributary from the Pipeline spec");
        }
        return OWNED_PREFIXES.stream().filter(key::startsWith).findFirst()
                .map(p -> "starts with '" + p + "', which Tributary manages");
    }

    private static List<String> parse(String celList) {
        return Arrays.stream(celList.replaceAll("[\\[\\]' ]", "").split(",")).toList();
    }
}
